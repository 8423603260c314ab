package org.ltcheck.model;

import org.ltcheck.tensor.FloatTensor;

/**
 * Per-channel batch normalisation in inference form:
 * y = gamma (x - mean) / sqrt(var + eps) + beta. PyTorch's default eps is 1e-5.
 */
public record BatchNorm2d(
    FloatTensor gamma, FloatTensor beta, FloatTensor runningMean, FloatTensor runningVar, double eps)
    implements Layer {
  public static final double PYTORCH_EPS = 1e-5;

  public BatchNorm2d {
    int c = gamma.size();
    for (FloatTensor t : new FloatTensor[] {gamma, beta, runningMean, runningVar}) {
      if (!t.sameShape(c)) {
        throw new IllegalArgumentException("batch-norm tensors must all have shape (" + c + "), got " + t);
      }
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("batch-norm eps must be positive, got " + eps);
    }
  }

  public int channels() {
    return gamma.size();
  }

  /** Per-channel multiplier gamma / sqrt(var + eps) of the equivalent affine map. */
  public double scale(int channel) {
    return gamma.get(channel) / Math.sqrt(runningVar.get(channel) + eps);
  }

  /** Per-channel offset beta - mean * scale of the equivalent affine map. */
  public double shift(int channel) {
    return beta.get(channel) - runningMean.get(channel) * scale(channel);
  }

  @Override
  public int[] outputShape(int[] in) {
    Shapes.requireChannels("batch-norm", in, channels());
    return in.clone();
  }
}
