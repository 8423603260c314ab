/**
 * Simplifications of a target before construction that keep it the same function on the whole
 * input domain: {@link org.ltcheck.simplify.DeadNeuronFolding} proves target channels constantly
 * zero with the interval bounds of the differential certifier and removes them
 * ({@link org.ltcheck.simplify.DeadNeurons}), so that the ticket spends no parameters on them.
 */
package org.ltcheck.simplify;
