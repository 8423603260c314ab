/**
 * The certificate of a ticket: every composed weight and bias recomputed from the mask and the
 * regenerated mother and compared with its target, the structure checked
 * ({@link org.ltcheck.certify.TicketVerifier}), and the output bounds that follow
 * ({@link org.ltcheck.certify.TicketErrorBound}).
 */
package org.ltcheck.certify;
