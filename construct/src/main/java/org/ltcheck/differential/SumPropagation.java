package org.ltcheck.differential;

import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.build.TargetLayer;

/**
 * One sum layer of a region's propagation: for every channel and output position, the interval of
 * its pre-activation's deviation from the target's by {@link SumRow}'s decomposition, then the
 * activation's case split. Per entry the first-order term Σ u_e·ψ_e(h) − w·h is a function of
 * the single target neuron h, bounded exactly over h's interval for sum-layer and
 * piecewise-linear copies (a linear or kinked function: its ends and the kink), and for smooth
 * copies as linear part plus intercept plus each copy's linearisation remainder over its own
 * interval.
 */
final class SumPropagation {
  private final TicketLayout.MotherLayer ml;
  final Path main;
  private final Path skip;
  private final NeuronBounds zTarget;
  private final NeuronBounds hTarget;
  private final NeuronBounds out;

  /** How a path (the convolution, or the shortcut) maps output positions to its source's and the target's. */
  static final class Path {
    final NeuronBounds ticket;
    final NeuronBounds target;
    final boolean dense;
    final int stride;
    final int padding;
    final int kernelWidth;
    /** Offset of the source map against the target's: the copy layer's own padding. */
    final int offset;
    /** When the source is a copy layer: the bounds of the layer it copies (positions as the target's), else null. */
    final NeuronBounds copied;
    /** Row and column offset of every tap (convolutions). */
    private final int[] tapY;
    private final int[] tapX;

    Path(NeuronBounds ticket, NeuronBounds target, TicketLayout.MotherLayer source, NeuronBounds copied, boolean dense,
        int stride, int padding, int kernelHeight, int kernelWidth) {
      this.ticket = ticket;
      this.copied = source.spec.role() == MotherLayerSpec.Role.COPY ? copied : null;
      this.target = target;
      this.dense = dense;
      this.stride = stride;
      this.padding = padding;
      this.kernelWidth = kernelWidth;
      this.offset = source.spec.role() == MotherLayerSpec.Role.COPY && !dense ? source.spec.padding() : 0;
      int taps = dense ? 0 : kernelHeight * kernelWidth;
      this.tapY = new int[taps];
      this.tapX = new int[taps];
      for (int k = 0; k < taps; k++) {
        tapY[k] = k / kernelWidth - padding;
        tapX[k] = k % kernelWidth - padding;
      }
      if (dense && ticket.plane() != target.plane()) {
        throw new IllegalArgumentException(
            "ticket layer reads " + ticket.plane() + " positions per channel, its target " + target.plane());
      }
    }

    /** The output rows (or columns) [from, to] at which tap {@code k} lies inside the source map. */
    int[] range(int k, boolean rows, int outSize) {
      int off = rows ? tapY[k] : tapX[k];
      int size = rows ? ticket.height : ticket.width;
      int from = Math.max(0, Math.floorDiv(-off + stride - 1, stride));
      int to = Math.min(outSize - 1, Math.floorDiv(size - 1 - off, stride));
      return new int[] {from, to};
    }

    /** Position in the ticket's source map of tap {@code k} at output (qy, qx), −1 in the zero padding. */
    int source(int qy, int qx, int k) {
      if (dense) {
        return k;
      }
      int y = qy * stride + tapY[k];
      int x = qx * stride + tapX[k];
      return y < 0 || y >= ticket.height || x < 0 || x >= ticket.width ? -1 : y * ticket.width + x;
    }

    /** Position in the target's map of a source position, −1 where the target reads its padding. */
    int target(int sourcePosition) {
      if (dense) {
        return sourcePosition;
      }
      int y = sourcePosition / ticket.width - offset;
      int x = sourcePosition % ticket.width - offset;
      return y < 0 || y >= target.height || x < 0 || x >= target.width ? -1 : y * target.width + x;
    }
  }

  SumPropagation(
      TicketLayout.MotherLayer ml, NeuronBounds source, NeuronBounds view, TicketLayout.MotherLayer below,
      NeuronBounds copied, NeuronBounds skipSource, NeuronBounds skipView, TicketLayout.MotherLayer skipBelow,
      NeuronBounds skipCopied, NeuronBounds zTarget, NeuronBounds hTarget, NeuronBounds out) {
    MotherLayerSpec l = ml.spec;
    boolean dense = l.kind() == TargetLayer.Kind.DENSE;
    this.ml = ml;
    this.main = new Path(source, view, below, copied, dense, l.stride(), l.padding(), l.kernelHeight(), l.kernelWidth());
    this.skip = skipSource == null ? null
        : new Path(skipSource, skipView, skipBelow, skipCopied, false, l.skipStride(), 0, l.skipKernel(), l.skipKernel());
    this.zTarget = zTarget;
    this.hTarget = hTarget;
    this.out = out;
    out.preDevLo = new double[out.size()];
    out.preDevHi = new double[out.size()];
    if (out.plane() != hTarget.plane()) {
      throw new IllegalArgumentException(
          "ticket layer " + l.index() + " has " + out.channels + "x" + out.plane() + " neurons, its target "
              + hTarget.channels + "x" + hTarget.plane());
    }
  }

  void channel(int o) {
    int hw = out.plane();
    int base = o * hw;
    if (ml.kind[o] == TicketLayout.CONSTANT) {
      out.fillConstant(o, ml.value[o]);
      return;
    }
    SumRow row = ml.rows[o];
    double[] acc = new double[7];
    double[] pair = new double[2];
    int tBase = row.group * hw;
    double[][] planes = main.dense ? null : planes(row, hw, acc, pair);
    for (int q = 0; q < hw; q++) {
      if (planes == null) {
        position(row, q / out.width, q % out.width, acc, pair);
      } else {
        for (int a = 0; a < 6; a++) {
          acc[a] = planes[a][q];
        }
      }
      double rounding = FloatRounding.dotRounding(row.floatTerms, acc[4] + Math.abs(row.ownBias));
      double slack = acc[3] + acc[5] + acc[4] + rounding + Math.abs(row.targetBias) + Math.abs(row.ownBias);
      long ops = 4L * (row.entries() + row.edgeChannel.length) + 8;
      double preLo = FloatRounding.widenDown(acc[0] + row.ownBias - row.targetBias - rounding, ops, slack);
      double preHi = FloatRounding.widenUp(acc[1] + row.ownBias - row.targetBias + rounding, ops, slack);
      activate(ml, zTarget, hTarget, out, base + q, tBase + q, preLo, preHi, pair);
    }
  }

  /**
   * Neuron k of {@code out} (standing for target neuron t) from its pre-activation deviation
   * [preLo, preHi]: the activation's difference and float rounding.
   */
  static void activate(
      TicketLayout.MotherLayer ml, NeuronBounds zTarget, NeuronBounds hTarget, NeuronBounds out, int k, int t,
      double preLo, double preHi, double[] pair) {
    ml.activation.difference(zTarget.lo[t], zTarget.hi[t], preLo, preHi, pair);
    double r = ml.activation.rounding(zTarget.lo[t] + preLo, zTarget.hi[t] + preHi);
    out.preDevLo[k] = preLo;
    out.preDevHi[k] = preHi;
    out.lo[k] = hTarget.lo[t];
    out.hi[k] = hTarget.hi[t];
    out.devLo[k] = Math.nextDown(pair[0] - r);
    out.devHi[k] = Math.nextUp(pair[1] + r);
  }

  /**
   * {@link #position}'s sums for every output position of a convolution at once, entry by entry
   * and edge by edge over the rectangle of positions whose tap lies inside the source map, so that
   * each edge walks one source plane in order; the same terms in the same order per position.
   */
  private double[][] planes(SumRow row, int hw, double[] acc, double[] pair) {
    double[][] sums = new double[6][hw];
    int ow = out.width;
    int oh = out.height;
    for (int e = 0; e < row.entries(); e++) {
      Path p = row.path[e] == SumRow.MAIN ? main : skip;
      int k = row.tap[e];
      int[] yr = p.range(k, true, oh);
      int[] xr = p.range(k, false, ow);
      boolean shared = row.copiedChannel[e] >= 0 && p.copied != null;
      int tPlane = p.target.plane();
      int sPlane = p.ticket.plane();
      for (int qy = yr[0]; qy <= yr[1]; qy++) {
        for (int qx = xr[0]; qx <= xr[1]; qx++) {
          int sp = p.source(qy, qx, k);
          int tp = p.target(sp);
          double hLo = 0;
          double hHi = 0;
          if (tp >= 0) {
            int ti = row.input[e] * tPlane + tp;
            hLo = p.target.lo[ti];
            hHi = p.target.hi[ti];
          }
          java.util.Arrays.fill(acc, 0);
          firstOrder(row, e, hLo, hHi, acc, pair);
          if (shared) {
            sharedCopies(row, e, p, sp, tp, acc);
          }
          int q = qy * ow + qx;
          for (int a = 0; a < 6; a++) {
            sums[a][q] += acc[a];
          }
        }
      }
      if (shared) {
        continue;
      }
      for (int c = row.edgeStart[e]; c < row.edgeStart[e + 1]; c++) {
        double u = row.edgeU[c];
        double au = Math.abs(u);
        int chan = row.edgeChannel[c] * sPlane;
        for (int qy = yr[0]; qy <= yr[1]; qy++) {
          for (int qx = xr[0]; qx <= xr[1]; qx++) {
            int idx = chan + p.source(qy, qx, k);
            int q = qy * ow + qx;
            double dl = p.ticket.devLo[idx];
            double dh = p.ticket.devHi[idx];
            if (u > 0) {
              sums[0][q] += u * dl;
              sums[1][q] += u * dh;
            } else {
              sums[0][q] += u * dh;
              sums[1][q] += u * dl;
            }
            sums[4][q] += au * p.ticket.floatMagnitude(idx);
            sums[5][q] += au * p.ticket.deviationMagnitude(idx);
          }
        }
      }
    }
    for (int c = 0; c < row.constTap.length; c++) {
      Path p = row.constPath[c] == SumRow.MAIN ? main : skip;
      int[] yr = p.range(row.constTap[c], true, oh);
      int[] xr = p.range(row.constTap[c], false, ow);
      double v = row.constValue[c];
      for (int qy = yr[0]; qy <= yr[1]; qy++) {
        for (int qx = xr[0]; qx <= xr[1]; qx++) {
          int q = qy * ow + qx;
          sums[0][q] += v;
          sums[1][q] += v;
          sums[4][q] += Math.abs(v) * (1 + 0x1p-50);
        }
      }
    }
    return sums;
  }

  /**
   * Accumulates into acc: [0,1] the deviation interval before rounding, [3] the magnitude of the
   * first-order terms, [4] Σ|u|·|t| over the ticket's float terms, [5] Σ|u|·|d| over the deviations.
   */
  private void position(SumRow row, int qy, int qx, double[] acc, double[] pair) {
    java.util.Arrays.fill(acc, 0);
    for (int e = 0; e < row.entries(); e++) {
      Path p = row.path[e] == SumRow.MAIN ? main : skip;
      int s = p.source(qy, qx, row.tap[e]);
      if (s < 0) {
        continue;
      }
      int tp = p.target(s);
      double hLo = 0;
      double hHi = 0;
      if (tp >= 0) {
        int ti = row.input[e] * p.target.plane() + tp;
        hLo = p.target.lo[ti];
        hHi = p.target.hi[ti];
      }
      firstOrder(row, e, hLo, hHi, acc, pair);
      if (row.copiedChannel[e] >= 0 && p.copied != null) {
        sharedCopies(row, e, p, s, tp, acc);
        continue;
      }
      int sPlane = p.ticket.plane();
      for (int k = row.edgeStart[e]; k < row.edgeStart[e + 1]; k++) {
        int idx = row.edgeChannel[k] * sPlane + s;
        double u = row.edgeU[k];
        double dl = p.ticket.devLo[idx];
        double dh = p.ticket.devHi[idx];
        if (u > 0) {
          acc[0] += u * dl;
          acc[1] += u * dh;
        } else {
          acc[0] += u * dh;
          acc[1] += u * dl;
        }
        double au = Math.abs(u);
        acc[4] += au * p.ticket.floatMagnitude(idx);
        acc[5] += au * p.ticket.deviationMagnitude(idx);
      }
    }
    for (int c = 0; c < row.constTap.length; c++) {
      Path p = row.constPath[c] == SumRow.MAIN ? main : skip;
      if (p.source(qy, qx, row.constTap[c]) >= 0) {
        double v = row.constValue[c];
        acc[0] += v;
        acc[1] += v;
        acc[4] += Math.abs(v) * (1 + 0x1p-50);
      }
    }
  }

  /**
   * The deviations of copies φ(a_e·t) of one source neuron t = h + d (all copies of the entry copy
   * the same channel, so they share d): Σ u_e·(φ(a_e(h + d)) − φ(a_e·h)) = f(h + d) − f(h) with
   * f(v) = Σ u_e·φ(a_e·v). For piecewise-linear φ, f has slope P for v &gt; 0 and N for v &lt; 0
   * (the composed weights), so the sum is d times P, N or a mean of both; for smooth φ it is
   * d·φ'(0)·Σ u_e·a_e plus at most |d|·Σ|u_e·a_e|·(φ'(0) − min φ'). This keeps the correlation of
   * the copies (the a-priori bound's Σ|u·a| becomes the composed |W̃|). Each copy adds its own
   * float rounding, at most 2.01·u·(|a|·|t| + |φ(0)|) (the product's and φ's).
   */
  private static void sharedCopies(SumRow row, int e, Path p, int s, int tp, double[] acc) {
    ActivationBounds act = row.copies[e];
    int sPlane = p.ticket.plane();
    double zero = Math.abs(act.valueAtZero());
    double dl = 0;
    double dh = 0;
    double srcMag = 0;
    double vLo = 0;
    double vHi = 0;
    if (tp >= 0) {
      int ci = row.copiedChannel[e] * p.copied.plane() + tp;
      dl = p.copied.devLo[ci];
      dh = p.copied.devHi[ci];
      srcMag = p.copied.floatMagnitude(ci);
      vLo = Math.min(p.copied.lo[ci], p.copied.lo[ci] + dl);
      vHi = Math.max(p.copied.hi[ci], p.copied.hi[ci] + dh);
    }
    double rounding = 0;
    double spread = 0;
    for (int k = row.edgeStart[e]; k < row.edgeStart[e + 1]; k++) {
      double au = Math.abs(row.edgeU[k]);
      double aa = Math.abs(row.edgeA[k]);
      acc[4] += au * p.ticket.floatMagnitude(row.edgeChannel[k] * sPlane + s);
      if (tp >= 0) {
        rounding += au * 2.01 * FloatRounding.U32 * (aa * srcMag + zero);
        if (!act.piecewiseLinear()) {
          double a = row.edgeA[k];
          double slack = act.derivativeAtZero() - act.minDerivative(a * vLo, a * vHi);
          spread += au * aa * Math.max(0, slack);
        }
      }
    }
    double sLo;
    double sHi;
    if (act.piecewiseLinear()) {
      double pos = row.coefPos[e];
      double neg = row.coefNeg[e];
      sLo = vLo >= 0 ? pos : vHi <= 0 ? neg : Math.min(pos, neg);
      sHi = vLo >= 0 ? pos : vHi <= 0 ? neg : Math.max(pos, neg);
    } else {
      sLo = row.coefPos[e];
      sHi = sLo;
    }
    double dMax = Math.max(Math.abs(dl), Math.abs(dh));
    double lo = Math.min(Math.min(sLo * dl, sLo * dh), Math.min(sHi * dl, sHi * dh)) - spread * dMax - rounding;
    double hi = Math.max(Math.max(sLo * dl, sLo * dh), Math.max(sHi * dl, sHi * dh)) + spread * dMax + rounding;
    acc[0] += lo;
    acc[1] += hi;
    acc[5] += (Math.max(Math.abs(sLo), Math.abs(sHi)) + spread) * dMax + rounding + row.absCoef[e] * dMax;
  }

  private static void firstOrder(SumRow row, int e, double hLo, double hHi, double[] acc, double[] pair) {
    double w = row.targetWeight[e];
    double cp = row.coefPos[e] - w;
    double cn = row.coefNeg[e] - w;
    double lo;
    double hi;
    if (!row.smooth[e]) {
      double a = hLo >= 0 ? cp * hLo : cn * hLo;
      double b = hHi >= 0 ? cp * hHi : cn * hHi;
      lo = Math.min(a, b);
      hi = Math.max(a, b);
      if (hLo < 0 && hHi > 0) {
        lo = Math.min(lo, 0);
        hi = Math.max(hi, 0);
      }
    } else {
      lo = row.intercept[e] + Math.min(cp * hLo, cp * hHi);
      hi = row.intercept[e] + Math.max(cp * hLo, cp * hHi);
      for (int k = row.edgeStart[e]; k < row.edgeStart[e + 1]; k++) {
        double a = row.edgeA[k];
        double u = row.edgeU[k];
        row.copies[e].remainder(Math.min(a * hLo, a * hHi), Math.max(a * hLo, a * hHi), pair);
        lo += u > 0 ? u * pair[0] : u * pair[1];
        hi += u > 0 ? u * pair[1] : u * pair[0];
      }
    }
    double hMax = Math.max(Math.abs(hLo), Math.abs(hHi));
    acc[0] += lo;
    acc[1] += hi;
    acc[3] += 2 * row.absCoef[e] * (hMax + 1) + Math.abs(w) * hMax;
  }
}
