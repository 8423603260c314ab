package org.ltcheck.theory;

/**
 * The worst-case error of PAPER §2b for given per-layer tolerances.
 *
 * @param channelErrors e_{l,j}: bound on the error of channel j of target layer l (l from 0)
 * @param layerMaxErrors max_j e_{l,j} per layer
 * @param outputBound max_j e_{L,j}, the bound on the output error
 */
public record ErrorBound(double[][] channelErrors, double[] layerMaxErrors, double outputBound) {
  public ErrorBound {
    double[][] c = new double[channelErrors.length][];
    for (int l = 0; l < c.length; l++) {
      c[l] = channelErrors[l].clone();
    }
    channelErrors = c;
    layerMaxErrors = layerMaxErrors.clone();
  }

  @Override
  public double[][] channelErrors() {
    double[][] c = new double[channelErrors.length][];
    for (int l = 0; l < c.length; l++) {
      c[l] = channelErrors[l].clone();
    }
    return c;
  }

  @Override
  public double[] layerMaxErrors() {
    return layerMaxErrors.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ErrorBound b
        && java.util.Arrays.deepEquals(channelErrors, b.channelErrors)
        && java.util.Arrays.equals(layerMaxErrors, b.layerMaxErrors)
        && Double.compare(outputBound, b.outputBound) == 0;
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.deepHashCode(channelErrors) * 31 + Double.hashCode(outputBound);
  }

  @Override
  public String toString() {
    return "ErrorBound[output=" + outputBound + ", layers=" + java.util.Arrays.toString(layerMaxErrors) + "]";
  }
}
