package org.ltcheck.adversarial;

/**
 * How {@link ProjectedGradientDifferenceAscent} searches.
 *
 * @param imageStarts at most this many of the given images start an ascent (projected into the
 *     region)
 * @param cornerStarts random corners of the region that start an ascent
 * @param randomStarts uniformly random points of the region that start an ascent (the centre
 *     always starts one too)
 * @param objectivesPerStart each start ascends on this many (logit k, sign s) objectives
 *     s·(ticket − target)_k, those with the largest values at the start
 * @param steps sign-gradient steps per ascent
 * @param initialStep first step as a fraction of each element's interval width
 * @param finalStep last step as such a fraction; the steps decay geometrically in between
 * @param snapRounds after the ascent, up to this many moves of every element to the bound its
 *     gradient points at (piecewise linear networks often peak at a corner), each kept only if
 *     it improves
 * @param seed seeds the random starts, one generator split off per start
 * @param threads worker threads; results do not depend on it
 */
public record DifferenceSearchSettings(
    int imageStarts, int cornerStarts, int randomStarts, int objectivesPerStart, int steps,
    double initialStep, double finalStep, int snapRounds, long seed, int threads) {
  public DifferenceSearchSettings {
    if (imageStarts < 0 || cornerStarts < 0 || randomStarts < 0) {
      throw new IllegalArgumentException("start counts must be non-negative, got images " + imageStarts
          + ", corners " + cornerStarts + ", random " + randomStarts);
    }
    if (objectivesPerStart < 1 || steps < 0 || snapRounds < 0 || threads < 1) {
      throw new IllegalArgumentException("objectives per start " + objectivesPerStart + " and threads " + threads
          + " must be at least 1, steps " + steps + " and snap rounds " + snapRounds + " at least 0");
    }
    if (!(initialStep > 0 && initialStep <= 1 && finalStep > 0 && finalStep <= initialStep)) {
      throw new IllegalArgumentException(
          "steps must satisfy 0 < final " + finalStep + " <= initial " + initialStep + " <= 1");
    }
  }

  /**
   * A global search on the MNIST tickets in under a minute on two quiet cores: 13 starts (4
   * images, the centre, 4 corners, 4 random points), 2 objectives each, 100 steps from 1/2 of
   * the width down to 1/500, 3 snap rounds. On the 2L ticket, fewer and longer ascents found
   * more than many short ones, in fewer passes (12.06 with 150 steps from 5 starts against
   * 11.04 with 50 steps from 17).
   */
  public static DifferenceSearchSettings defaults() {
    return new DifferenceSearchSettings(4, 4, 4, 2, 100, 0.5, 0.002, 3, 1, 1);
  }

  /**
   * A quick search of a small ball around one image (given as the start image): the image, the
   * ball's centre and one corner, one objective each, 10 steps, 2 snap rounds.
   */
  public static DifferenceSearchSettings aroundImage() {
    return new DifferenceSearchSettings(1, 1, 0, 1, 10, 0.25, 0.01, 2, 1, 1);
  }

  public DifferenceSearchSettings withSeed(long newSeed) {
    return new DifferenceSearchSettings(imageStarts, cornerStarts, randomStarts, objectivesPerStart, steps,
        initialStep, finalStep, snapRounds, newSeed, threads);
  }

  public DifferenceSearchSettings withThreads(int newThreads) {
    return new DifferenceSearchSettings(imageStarts, cornerStarts, randomStarts, objectivesPerStart, steps,
        initialStep, finalStep, snapRounds, seed, newThreads);
  }

  public DifferenceSearchSettings withStarts(int images, int corners, int random) {
    return new DifferenceSearchSettings(images, corners, random, objectivesPerStart, steps, initialStep, finalStep,
        snapRounds, seed, threads);
  }

  public DifferenceSearchSettings withSteps(int newSteps) {
    return new DifferenceSearchSettings(imageStarts, cornerStarts, randomStarts, objectivesPerStart, newSteps,
        initialStep, finalStep, snapRounds, seed, threads);
  }

  /** Step fraction of ascent step {@code t} (0-based). */
  double step(int t) {
    if (steps <= 1) {
      return initialStep;
    }
    return initialStep * Math.pow(finalStep / initialStep, (double) t / (steps - 1));
  }
}
