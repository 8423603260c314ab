package org.ltcheck.theory;

import java.util.OptionalInt;

/**
 * Everything the width bounds depend on besides the target: tolerances, the subset-sum constants
 * the paper leaves as O(·), and optionally base-set sizes fixed by the caller (the paper's
 * experiments fix ρ = 15 instead of deriving it).
 *
 * @param eta per-parameter tolerance η, in (0, 1)
 * @param delta failure probability δ of the whole construction, in (0, 1)
 * @param cSingle constant C for sums of single U[-1,1] factors
 * @param cProduct constant C for sums of products of two random factors
 * @param meanSubsetSizeSingle expected subset size for single factors (ticket estimate only)
 * @param meanSubsetSizeProduct expected subset size for products (ticket estimate only)
 * @param fixedRho base-set size ρ for single factors, when given instead of derived
 * @param fixedRho1 sign-split product base-set size ρ₁, when given instead of derived
 */
public record WidthParameters(
    double eta,
    double delta,
    double cSingle,
    double cProduct,
    double meanSubsetSizeSingle,
    double meanSubsetSizeProduct,
    OptionalInt fixedRho,
    OptionalInt fixedRho1) {

  public WidthParameters {
    Checks.openUnitInterval("eta", eta);
    Checks.openUnitInterval("delta", delta);
    Checks.positiveFinite("C (single)", cSingle);
    Checks.positiveFinite("C (product)", cProduct);
    Checks.nonNegativeFinite("mean subset size (single)", meanSubsetSizeSingle);
    Checks.nonNegativeFinite("mean subset size (product)", meanSubsetSizeProduct);
    if (fixedRho == null || fixedRho1 == null) {
      throw new IllegalArgumentException("fixedRho and fixedRho1 must be OptionalInt, not null");
    }
    fixedRho.ifPresent(r -> Checks.atLeast("rho", r, 1));
    // Products are split by sign, so each half needs at least one element.
    fixedRho1.ifPresent(r -> Checks.atLeast("rho1", r, 2));
  }

  /** The reference's constants and mean subset sizes, ρ and ρ₁ derived. */
  public static WidthParameters defaults(double eta, double delta) {
    return new WidthParameters(
        eta,
        delta,
        SubsetSumBound.C_SINGLE_DEFAULT,
        SubsetSumBound.C_PRODUCT_DEFAULT,
        SubsetSumBound.MEAN_SUBSET_SIZE_SINGLE_DEFAULT,
        SubsetSumBound.MEAN_SUBSET_SIZE_PRODUCT_DEFAULT,
        OptionalInt.empty(),
        OptionalInt.empty());
  }

  public WidthParameters withEta(double newEta) {
    return new WidthParameters(newEta, delta, cSingle, cProduct, meanSubsetSizeSingle, meanSubsetSizeProduct, fixedRho, fixedRho1);
  }

  public WidthParameters withConstants(double newCSingle, double newCProduct) {
    return new WidthParameters(eta, delta, newCSingle, newCProduct, meanSubsetSizeSingle, meanSubsetSizeProduct, fixedRho, fixedRho1);
  }

  public WidthParameters withMeanSubsetSizes(double single, double product) {
    return new WidthParameters(eta, delta, cSingle, cProduct, single, product, fixedRho, fixedRho1);
  }

  public WidthParameters withRho(int rho) {
    return new WidthParameters(eta, delta, cSingle, cProduct, meanSubsetSizeSingle, meanSubsetSizeProduct, OptionalInt.of(rho), fixedRho1);
  }

  public WidthParameters withRho1(int rho1) {
    return new WidthParameters(eta, delta, cSingle, cProduct, meanSubsetSizeSingle, meanSubsetSizeProduct, fixedRho, OptionalInt.of(rho1));
  }
}
