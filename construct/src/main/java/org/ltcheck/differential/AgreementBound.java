package org.ltcheck.differential;

/**
 * Certified agreement for one input region.
 *
 * @param difference the certified bounds on ticket − target per output
 * @param predicted the class the float target predicts at the region's image
 * @param marginLowerBound a lower bound, over the region, on the float target's top-1 margin
 *     min_{k ≠ c} (f_c − f_k); negative when the target's own prediction can change
 * @param agreementCertified whether ticket and target provably predict class c at every input of
 *     the region: the target's margin to each class k stays positive and exceeds the certified
 *     worst case of the ticket's difference (d_k − d_c); implied by margin &gt; 2·max|d|
 */
public record AgreementBound(
    OutputDifferenceBound difference, int predicted, double marginLowerBound, boolean agreementCertified) {}
