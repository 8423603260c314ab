/**
 * Adversarial lower bounds beside the certified upper bounds: {@link
 * org.ltcheck.adversarial.ProjectedGradientDifferenceAscent} searches an input box for the
 * largest output difference between a ticket and its target, with gradients from {@link
 * org.ltcheck.adversarial.DifferentiableNetwork} (double forward passes with a tape and reverse
 * passes over every layer type of {@code org.ltcheck.model}, sparse layers as their nonzero
 * taps). A found difference is a value the float32 networks really reach, so found ≤ true ≤
 * certified must hold for every region; {@link
 * org.ltcheck.adversarial.DifferenceSearchResult#requireAtMost} fails loudly otherwise.
 */
package org.ltcheck.adversarial;
