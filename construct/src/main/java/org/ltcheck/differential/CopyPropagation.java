package org.ltcheck.differential;

/**
 * One channel of a copy layer: a constant φ_f(β), or the copy t = φ(fl(a·s)) of source channel
 * s = ψ + d. Its reference is φ(a·h) with h the target neuron the source stands for (the input
 * itself for the first copy layer); its deviation is bounded by
 * {@link ActivationBounds#difference} with y = a·h and Δ = a·d + (rounding of the product,
 * ≤ u·|a·s|), plus the float error of φ. The copy layer's own zero padding gives φ(0) exactly,
 * as the target's padding gives h = 0.
 */
final class CopyPropagation {
  private CopyPropagation() {}

  static void channel(TicketLayout.MotherLayer ml, int o, NeuronBounds src, NeuronBounds out) {
    int hw = out.plane();
    int base = o * hw;
    if (ml.kind[o] == TicketLayout.CONSTANT) {
      out.fillConstant(o, ml.value[o]);
      return;
    }
    ActivationBounds act = ml.activation;
    double a = ml.value[o];
    int pad = ml.spec.padding();
    int c = ml.source[o];
    double zero = act.valueAtZero();
    double[] pair = new double[2];
    for (int q = 0; q < hw; q++) {
      int y = q / out.width - pad;
      int x = q % out.width - pad;
      int k = base + q;
      if (y < 0 || y >= src.height || x < 0 || x >= src.width) {
        out.lo[k] = zero;
        out.hi[k] = zero;
        continue;
      }
      int s = c * src.plane() + y * src.width + x;
      double yLo = a > 0 ? a * src.lo[s] : a * src.hi[s];
      double yHi = a > 0 ? a * src.hi[s] : a * src.lo[s];
      double dLo = a > 0 ? a * src.devLo[s] : a * src.devHi[s];
      double dHi = a > 0 ? a * src.devHi[s] : a * src.devLo[s];
      double product = FloatRounding.U32 * Math.abs(a) * src.floatMagnitude(s);
      double mag = Math.abs(a) * (src.magnitude(s) + Math.abs(src.devLo[s]) + Math.abs(src.devHi[s])) + product;
      yLo = FloatRounding.widenDown(yLo, 1, mag);
      yHi = FloatRounding.widenUp(yHi, 1, mag);
      dLo = FloatRounding.widenDown(dLo - product, 2, mag);
      dHi = FloatRounding.widenUp(dHi + product, 2, mag);
      act.difference(yLo, yHi, dLo, dHi, pair);
      double r = act.rounding(yLo + dLo, yHi + dHi);
      out.lo[k] = act.rangeLo(yLo);
      out.hi[k] = act.rangeHi(yHi);
      out.devLo[k] = Math.nextDown(pair[0] - r);
      out.devHi[k] = Math.nextUp(pair[1] + r);
    }
  }
}
