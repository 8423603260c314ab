package org.ltcheck.differential;

/**
 * What the differential certifier proves for one input region, per output k: the float32 ticket
 * output minus the float32 target output lies in [differenceLo[k], differenceHi[k]] for every
 * input of the region; the exact target output lies in [targetLo[k], targetHi[k]] (at a single
 * input, {@link PointAgreement}: the float32 target output itself, which is what is certified there).
 *
 * @param differenceLo lower bounds of ticket − target, per output
 * @param differenceHi upper bounds of ticket − target, per output
 * @param targetLo lower bounds of the (exact) target output
 * @param targetHi upper bounds of the (exact) target output
 */
public record OutputDifferenceBound(double[] differenceLo, double[] differenceHi, double[] targetLo, double[] targetHi) {
  public OutputDifferenceBound {
    differenceLo = differenceLo.clone();
    differenceHi = differenceHi.clone();
    targetLo = targetLo.clone();
    targetHi = targetHi.clone();
  }

  /** sup over the region of ‖f_ticket(x) − f_target(x)‖∞, as certified. */
  public double maxAbsDifference() {
    double m = 0;
    for (int k = 0; k < differenceLo.length; k++) {
      m = Math.max(m, Math.max(Math.abs(differenceLo[k]), Math.abs(differenceHi[k])));
    }
    return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
  }

  public int outputs() {
    return differenceLo.length;
  }

  @Override
  public double[] differenceLo() {
    return differenceLo.clone();
  }

  @Override
  public double[] differenceHi() {
    return differenceHi.clone();
  }

  @Override
  public double[] targetLo() {
    return targetLo.clone();
  }

  @Override
  public double[] targetHi() {
    return targetHi.clone();
  }
}
