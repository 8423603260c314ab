package org.ltcheck.bounds;

import java.util.List;

/**
 * Everything {@code ltcheck bounds} reports, in the form its JSON output takes: field names are
 * part of the command's interface, so they change only deliberately. Absent values are null.
 *
 * @param eta the per-parameter tolerance used for the widths
 * @param outputEps the output tolerance η was derived from, or null when η was given
 * @param rho base-set size for single factors (not used by the 2L construction's widths)
 * @param rho1 sign-split base-set size for products
 * @param subsetSumProblems M, the union bound's number of subset-sum problems
 * @param motherChannels input channels followed by every mother layer's width
 */
public record BoundsReport(
    String source,
    String construction,
    double eta,
    Double outputEps,
    double delta,
    String activation,
    String input,
    double inputBound,
    double cSingle,
    double cProduct,
    double meanSubsetSizeSingle,
    double meanSubsetSizeProduct,
    int rho,
    boolean rhoFixed,
    int rho1,
    boolean rho1Fixed,
    long subsetSumProblems,
    List<TargetLayerRow> targetLayers,
    int motherDepth,
    List<Integer> motherChannels,
    List<MotherLayerRow> layers,
    Totals totals,
    ErrorSummary errorBound) {

  /**
   * One target layer.
   *
   * @param maxAbsWeight largest |w| when weights are known (the theory assumes at most 1)
   */
  public record TargetLayerRow(
      String name,
      String kind,
      String shape,
      int inChannels,
      int outChannels,
      int kernelPositions,
      int inputPositionsPerChannel,
      long spatialPositions,
      long nonZeroWeights,
      long nonZeroBiases,
      long denseWeights,
      Double maxAbsWeight) {}

  /**
   * One mother layer. The target fields describe the target layer it serves; its nonzero counts
   * are null for a copy layer, which solves no subset sums.
   */
  public record MotherLayerRow(
      int index,
      String role,
      String kind,
      String shape,
      int targetLayer,
      String targetName,
      String targetShape,
      Long targetNonZeroWeights,
      Long targetNonZeroBiases,
      int inChannels,
      int width,
      int copiesPerTargetChannel,
      int biasChannels,
      long subsetSumProblems,
      long motherParams,
      long ticketParamsEstimate) {}

  /** @param ticketToTargetRatio null for a target without nonzero parameters */
  public record Totals(
      long targetNonZeroParams, long motherParams, long ticketParamsEstimate, Double ticketToTargetRatio) {}

  /**
   * The worst-case output error of PAPER §2b at the reported η.
   *
   * @param magnitudes "target" when computed from the target's weights, otherwise the assumption used
   *     or why it was not computed
   * @param outputBound null when not computed (a residual target)
   */
  public record ErrorSummary(String magnitudes, List<Double> layerMaxErrors, Double outputBound) {}
}
