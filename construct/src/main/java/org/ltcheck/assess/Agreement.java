package org.ltcheck.assess;

/**
 * How a ticket compares with its target on a data set.
 *
 * @param images number of images evaluated
 * @param targetCorrect images the target classifies correctly
 * @param ticketCorrect images the ticket classifies correctly
 * @param agreeing images on which target and ticket predict the same class
 * @param maxLogitDifference largest |ticket logit − target logit| over all images and classes
 * @param description what data set this was
 * @param maxPerInputBound largest per-input certified bound over the images (NaN when not computed)
 * @param imagesWithinBound images whose measured logit difference is within their per-input
 *     bound (plus float32 rounding); -1 when not computed
 */
public record Agreement(
    int images,
    int targetCorrect,
    int ticketCorrect,
    int agreeing,
    double maxLogitDifference,
    String description,
    double maxPerInputBound,
    int imagesWithinBound) {

  public double targetAccuracy() {
    return targetCorrect / (double) images;
  }

  public double ticketAccuracy() {
    return ticketCorrect / (double) images;
  }

  /** Fraction of images with the same top-1 prediction. */
  public double agreement() {
    return agreeing / (double) images;
  }
}
