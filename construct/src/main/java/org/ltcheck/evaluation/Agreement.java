package org.ltcheck.evaluation;

/**
 * How a ticket compares with its target on a data set.
 *
 * @param images number of images evaluated
 * @param targetCorrect images the target classifies correctly
 * @param ticketCorrect images the ticket classifies correctly
 * @param agreeing images on which target and ticket predict the same class
 * @param maxLogitDifference largest |ticket logit − target logit| over all images and classes
 * @param description what data set this was
 */
public record Agreement(
    int images, int targetCorrect, int ticketCorrect, int agreeing, double maxLogitDifference, String description) {

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
