package org.ltcheck.gpu.train;

/**
 * Training produced a non-finite loss or parameter. An {@link IllegalArgumentException}: it
 * follows from the settings (a learning rate far too large, typically), and a command reports
 * it as one line rather than writing a model full of NaN.
 */
public final class TrainingDivergedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
