package org.ltcheck.adversarial;

/**
 * The largest output difference an adversarial search found: a lower bound on
 * sup over the region of ‖f_ticket(x) − f_target(x)‖∞, next to a certified upper bound.
 *
 * @param found max over logits of |ticket − target| at {@link #input}, both evaluated by the
 *     float32 {@link org.ltcheck.inference.InferenceEngine} (what certificates cover)
 * @param logit the logit where that maximum is reached
 * @param sign +1 when the ticket's logit is the larger there, −1 otherwise
 * @param input the point, float32, inside the region
 * @param doubleFound the same maximum at the same point evaluated in double
 * @param ascents number of gradient ascents run
 * @param forwardPasses forward passes of the network pair (each through both networks)
 * @param backwardPasses reverse passes of the network pair
 */
public record DifferenceSearchResult(
    double found, int logit, int sign, float[] input, double doubleFound, int ascents, long forwardPasses,
    long backwardPasses) {
  public DifferenceSearchResult {
    input = input.clone();
  }

  @Override
  public float[] input() {
    return input.clone();
  }

  /**
   * Fails when the found difference exceeds {@code certified}: found ≤ true ≤ certified must
   * hold, so a violation is a bug in the certifier or the search.
   */
  public void requireAtMost(double certified, String what) {
    if (!(found <= certified)) {
      throw new IllegalStateException("adversarial search found output difference " + found + " at logit " + logit
          + " above the certified bound " + certified + " of " + what + ": the certificate or the search is wrong");
    }
  }

  /** certified / found: how loose the certified bound can at most be (∞ when nothing was found). */
  public double ratio(double certified) {
    return found > 0 ? certified / found : Double.POSITIVE_INFINITY;
  }
}
