package org.ltcheck.certify;

import org.ltcheck.build.CopyRule;

/**
 * The composed values of one sum layer, per output channel: weights by sign part, bias and
 * linearisation error. Rows are (input channel, position); part 1 (negative inputs) is kept
 * only when the input copies need both parts.
 */
final class Composed {
  final int rows;
  final int parts;
  final int positions;
  final double[][] weights;
  final double[] bias;
  final double[] linearisation;
  /** Σ|u| per (output, input channel) over kept edges from separately built sum copies. */
  final double[][] absolute;

  Composed(int out, int inChannels, int positions, int parts, double[] bias, double[] linearisation) {
    this.rows = inChannels * positions;
    this.positions = positions;
    this.parts = parts;
    this.weights = new double[out][parts * rows];
    this.absolute = new double[out][inChannels];
    this.bias = bias;
    this.linearisation = linearisation;
  }

  /**
   * How an input error reaches output o from input channel i: the composed weights' largest
   * sign part when the inputs are copies of one value, Σ|u| when they are separate copies.
   */
  double propagation(int o, int i, boolean copies) {
    if (!copies) {
      return absolute[o][i];
    }
    double sum = 0;
    for (int p = 0; p < positions; p++) {
      double m = 0;
      for (int part = 0; part < parts; part++) {
        m = Math.max(m, Math.abs(weights[o][part * rows + i * positions + p]));
      }
      sum += m;
    }
    return sum;
  }

  /** Adds the edge of weight u from input channel c (of {@code in}) into o at row r. */
  void add(int o, int r, double u, Carry in, int c) {
    if (in.copyLayer()) {
      CopyRule rule = in.rule();
      double a = in.factor()[c];
      weights[o][r] += u * rule.positiveSlope(a);
      if (parts == 2) {
        weights[o][rows + r] += u * rule.negativeSlope(a);
      }
      bias[o] += u * rule.intercept();
      linearisation[o] += Math.abs(u) * rule.remainder(a * in.inputBound());
    } else {
      weights[o][r] += u;
      absolute[o][r / positions] += Math.abs(u);
    }
  }
}
