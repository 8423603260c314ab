package org.ltcheck.gpu.train;

/** Mean loss and accuracy over the examples of one pass, and its wall time. */
public record EpochResult(double loss, double accuracy, int examples, double seconds) {
  public double imagesPerSecond() {
    return seconds > 0 ? examples / seconds : 0;
  }
}
