package org.ltcheck.inference;

import java.util.Arrays;

/**
 * Top-1 results of a network on a labelled data set.
 *
 * @param predictions index of the largest logit per sample (first one on ties; -1 if all are NaN)
 * @param correct number of predictions equal to the label
 */
public record Evaluation(int[] predictions, int correct, String description) {
  public Evaluation {
    predictions = predictions.clone();
    if (correct < 0 || correct > predictions.length) {
      throw new IllegalArgumentException(correct + " correct out of " + predictions.length);
    }
  }

  @Override
  public int[] predictions() {
    return predictions.clone();
  }

  public int total() {
    return predictions.length;
  }

  /** Fraction correct, NaN for an empty data set. */
  public double accuracy() {
    return predictions.length == 0 ? Double.NaN : correct / (double) predictions.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evaluation e && correct == e.correct && Arrays.equals(predictions, e.predictions)
        && description.equals(e.description);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(predictions) * 31 + correct;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT, "%d/%d correct (%.2f%%) on %s", correct, total(), 100 * accuracy(), description);
  }
}
