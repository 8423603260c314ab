package org.ltcheck.gpu.backend;

import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The tensor operations that training needs, on buffers that stay in the backend's memory.
 *
 * <p>Why this shape: a CUDA implementation must be able to keep weights, gradients, optimiser
 * state and masks on the device for a whole epoch, so every operation takes and returns
 * {@link DeviceTensor} handles and host arrays cross only through {@link #copyFromHost} /
 * {@link #copyToHost}. Dimensions are passed explicitly (the layouts are PyTorch's NCHW,
 * row-major) so that each operation maps onto one kernel launch or one BLAS call.
 *
 * <p>Conventions: outputs are overwritten, never accumulated into, unless the method says so
 * ("+="); an output may alias an input only where the method allows it. Every operation is
 * deterministic: the same inputs give bit-identical outputs on the same backend and thread
 * count, which is what makes training runs reproducible and resumable bit for bit. Methods
 * throw {@link IllegalArgumentException} naming the offending size when a buffer is too small
 * for the dimensions given, or belongs to another backend.
 */
public interface Backend extends AutoCloseable {

  /** Short description for logs, e.g. "cpu(openblas, 2 threads)". */
  String name();

  // ---------------------------------------------------------------- memory

  /** A new zero-filled buffer. */
  DeviceTensor allocate(int... shape);

  /** Copies {@code length} floats from host {@code src[srcOffset..]} to {@code dst[dstOffset..]}. */
  void copyFromHost(float[] src, int srcOffset, DeviceTensor dst, int dstOffset, int length);

  /** Copies {@code length} floats from {@code src[srcOffset..]} to host {@code dst[dstOffset..]}. */
  void copyToHost(DeviceTensor src, int srcOffset, float[] dst, int dstOffset, int length);

  /** A new buffer holding {@code data}. */
  default DeviceTensor upload(float[] data, int... shape) {
    DeviceTensor t = allocate(shape);
    if (t.size() != data.length) {
      t.close();
      throw new IllegalArgumentException(
          data.length + " values do not fill shape " + java.util.Arrays.toString(shape));
    }
    copyFromHost(data, 0, t, 0, data.length);
    return t;
  }

  /** A new buffer holding the tensor's elements, with its shape. */
  default DeviceTensor upload(FloatTensor t) {
    return upload(t.toArray(), t.shape());
  }

  /** All elements, in order. */
  default float[] download(DeviceTensor t) {
    float[] out = new float[t.size()];
    copyToHost(t, 0, out, 0, out.length);
    return out;
  }

  /** The elements as an immutable tensor of the buffer's shape. */
  default FloatTensor downloadTensor(DeviceTensor t) {
    return FloatTensor.wrap(download(t), t.shape());
  }

  // ---------------------------------------------------------------- element-wise

  /** Every element of {@code t} set to {@code value}. */
  void fill(DeviceTensor t, float value);

  /** dst = src (equal sizes). */
  void copy(DeviceTensor src, DeviceTensor dst);

  /** t *= alpha. */
  void scale(DeviceTensor t, float alpha);

  /** out = a + b (residual add); {@code out} may alias {@code a} or {@code b}. */
  void add(DeviceTensor a, DeviceTensor b, DeviceTensor out);

  /** y += alpha * x. */
  void axpy(float alpha, DeviceTensor x, DeviceTensor y);

  /**
   * t *= mask element-wise (pruning masks hold 0 or 1); where the mask is 0 the result is +0
   * exactly (never -0), so pruned weights are bit-identical zeros in exported files.
   */
  void multiply(DeviceTensor t, DeviceTensor mask);

  /**
   * Reorders a tensor viewed as (a, b, inner) into (b, a, inner): the conv output of one GEMM
   * over the whole batch has layout (out, N, pixels) and must become (N, out, pixels).
   */
  void swapAxes(DeviceTensor src, int a, int b, int inner, DeviceTensor dst);

  // ---------------------------------------------------------------- BLAS

  /**
   * Row-major C = alpha * op(A) * op(B) + beta * C with op(A) m×k, op(B) k×n, C m×n; the
   * matrices start at the given element offsets and have leading dimensions lda, ldb, ldc
   * (row strides, as in CBLAS row-major). With beta = 0 the old C is ignored, even if NaN.
   */
  void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      DeviceTensor a, int aOffset, int lda,
      DeviceTensor b, int bOffset, int ldb,
      float beta, DeviceTensor c, int cOffset, int ldc);

  // ---------------------------------------------------------------- convolution

  /** Unfolds x (N,C,H,W) into cols (C*kh*kw, N*OH*OW); padding reads zeros. */
  void im2col(DeviceTensor x, ConvGeometry g, DeviceTensor cols);

  /** The adjoint of {@link #im2col}: dx (N,C,H,W) = sum of the column entries that read each pixel. */
  void col2im(DeviceTensor cols, ConvGeometry g, DeviceTensor dx);

  /** y[o, c, i] += bias[c] for y viewed as (outer, channels, inner). */
  void addChannelBias(DeviceTensor y, DeviceTensor bias, int outer, int channels, int inner);

  /** out[c] = sum over o, i of x[o, c, i] (bias gradient). */
  void channelSum(DeviceTensor x, int outer, int channels, int inner, DeviceTensor out);

  /** y[o, c, i] = x[o, c, i] * scale[c]; {@code y} may alias {@code x}. */
  void scaleChannels(DeviceTensor x, DeviceTensor scale, int outer, int channels, int inner, DeviceTensor y);

  /** out[c] = sum over o, i of a[o, c, i] * b[o, c, i] (per-channel scale gradient). */
  void channelDot(DeviceTensor a, DeviceTensor b, int outer, int channels, int inner, DeviceTensor out);

  // ---------------------------------------------------------------- whole convolution layers

  /**
   * Scratch memory for {@link #conv2dForward} and {@link #conv2dBackward} on geometry {@code g}
   * (batch size included) with {@code outChannels} outputs. The default holds the unfolded input
   * and a transposed output, (C*kh*kw + out) * N*OH*OW floats; a backend that convolves in
   * cache-sized pieces may need much less.
   */
  default ConvScratch convScratch(ConvGeometry g, int outChannels) {
    return new Im2colConvScratch(this, g, outChannels);
  }

  /**
   * A convolution layer's forward pass: y (N, out, OH, OW) = x (N, C, H, W) cross-correlated with
   * weight (out, C, kh, kw), plus bias[out] per channel when {@code bias} is not null. The
   * default is {@link #im2col}, one GEMM over the whole batch, {@link #swapAxes} and
   * {@link #addChannelBias}; it keeps the columns in {@code scratch} for the backward pass.
   */
  default void conv2dForward(
      DeviceTensor x, ConvGeometry g, DeviceTensor weight, int outChannels, DeviceTensor bias,
      DeviceTensor y, ConvScratch scratch) {
    Im2colConvScratch s = Im2colConvScratch.of(scratch, this, g, outChannels);
    int k = g.colRows();
    int np = g.colCols();
    im2col(x, g, s.cols);
    sgemm(false, false, outChannels, np, k, 1f, weight, 0, k, s.cols, 0, np, 0f, s.transposed, 0, np);
    swapAxes(s.transposed, outChannels, g.batch(), g.outPixels(), y);
    if (bias != null) {
      addChannelBias(y, bias, g.batch(), outChannels, g.outPixels());
    }
  }

  /**
   * The backward pass of {@link #conv2dForward} for the same x, geometry, weight and scratch
   * (the forward of this batch must be the last call that used the scratch), given the output
   * gradient dy (N, out, OH, OW): overwrites dWeight (out, C, kh, kw), dBias[out] when not null,
   * and dx (N, C, H, W) when not null (the first layer of a network needs no input gradient).
   */
  default void conv2dBackward(
      DeviceTensor x, DeviceTensor dy, ConvGeometry g, DeviceTensor weight, int outChannels,
      DeviceTensor dWeight, DeviceTensor dBias, DeviceTensor dx, ConvScratch scratch) {
    Im2colConvScratch s = Im2colConvScratch.of(scratch, this, g, outChannels);
    int k = g.colRows();
    int np = g.colCols();
    swapAxes(dy, g.batch(), outChannels, g.outPixels(), s.transposed);
    sgemm(false, true, outChannels, k, np, 1f, s.transposed, 0, np, s.cols, 0, np, 0f, dWeight, 0, k);
    if (dBias != null) {
      channelSum(dy, g.batch(), outChannels, g.outPixels(), dBias);
    }
    if (dx != null) {
      sgemm(true, false, k, np, outChannels, 1f, weight, 0, k, s.transposed, 0, np, 0f, s.cols, 0, np);
      col2im(s.cols, g, dx);
    }
  }

  // ---------------------------------------------------------------- batch norm

  /**
   * Training-mode batch norm over x (batch, channels, spatial): normalises with the biased batch
   * variance, saves the batch mean and 1/sqrt(var+eps) for the backward pass, and updates the
   * running statistics as PyTorch does (running = (1-momentum)*running + momentum*batch, with the
   * unbiased variance).
   */
  void batchNormTrainForward(
      DeviceTensor x, int batch, int channels, int spatial,
      DeviceTensor gamma, DeviceTensor beta, DeviceTensor runningMean, DeviceTensor runningVar,
      float momentum, float eps, DeviceTensor y, DeviceTensor saveMean, DeviceTensor saveInvStd);

  /** Evaluation-mode batch norm with the running statistics. */
  void batchNormInferenceForward(
      DeviceTensor x, int batch, int channels, int spatial,
      DeviceTensor gamma, DeviceTensor beta, DeviceTensor runningMean, DeviceTensor runningVar,
      float eps, DeviceTensor y);

  /** Gradients of {@link #batchNormTrainForward}: dx, dGamma and dBeta are overwritten. */
  void batchNormBackward(
      DeviceTensor x, DeviceTensor dy, int batch, int channels, int spatial,
      DeviceTensor gamma, DeviceTensor saveMean, DeviceTensor saveInvStd,
      DeviceTensor dx, DeviceTensor dGamma, DeviceTensor dBeta);

  // ---------------------------------------------------------------- activations

  /** y = phi(x); {@code y} may alias {@code x}. */
  void activationForward(ActivationKind kind, float negativeSlope, DeviceTensor x, DeviceTensor y);

  /**
   * dx = phi'(x) * dy computed from the forward OUTPUT y (all four activations' derivatives are
   * functions of y, so the input need not be kept); {@code dx} may alias {@code dy}.
   */
  void activationBackward(
      ActivationKind kind, float negativeSlope, DeviceTensor y, DeviceTensor dy, DeviceTensor dx);

  // ---------------------------------------------------------------- pooling

  /** Average pooling without padding of x (planes, h, w), planes = N*C. */
  void avgPoolForward(DeviceTensor x, int planes, int h, int w, int kernel, int stride, DeviceTensor y);

  /** Gradient of {@link #avgPoolForward}; dx (planes, h, w) is overwritten. */
  void avgPoolBackward(DeviceTensor dy, int planes, int h, int w, int kernel, int stride, DeviceTensor dx);

  /**
   * Max pooling of x (planes, h, w), planes = N*C, over kernel × kernel windows stepped by
   * stride, padded positions never winning (PyTorch's and ONNX's −∞ padding): y (planes, oh, ow)
   * with oh, ow as {@link org.ltcheck.model.PoolWindow} gives them. A NaN in a window wins.
   */
  void maxPoolForward(DeviceTensor x, int planes, int h, int w, int kernel, int stride, int padding, DeviceTensor y);

  /**
   * Gradient of {@link #maxPoolForward}: each dy goes to its window's argmax in the forward input
   * {@code x} (found again: the first largest element in row-major order, the last NaN if any, as
   * PyTorch picks it); where windows overlap, the contributions to one input are added in window
   * order. dx (planes, h, w) is overwritten.
   */
  void maxPoolBackward(
      DeviceTensor x, DeviceTensor dy, int planes, int h, int w, int kernel, int stride, int padding, DeviceTensor dx);

  /** y[p] = mean of x[p, 0..spatial) for x (planes, spatial). */
  void globalAvgPoolForward(DeviceTensor x, int planes, int spatial, DeviceTensor y);

  /** dx[p, s] = dy[p] / spatial. */
  void globalAvgPoolBackward(DeviceTensor dy, int planes, int spatial, DeviceTensor dx);

  // ---------------------------------------------------------------- loss

  /**
   * Softmax cross-entropy of logits (batch, classes) against labels (batch values holding class
   * indices as floats). Adds the summed loss to stats[0] and the number of rows whose first
   * arg-max equals the label to stats[1] ("+=", so an epoch's statistics stay on the device);
   * if {@code dLogits} is not null it is set to gradScale * (softmax - onehot).
   */
  void softmaxCrossEntropy(
      DeviceTensor logits, DeviceTensor labels, int batch, int classes,
      DeviceTensor dLogits, float gradScale, DeviceTensor stats);

  // ---------------------------------------------------------------- optimisers

  /**
   * PyTorch SGD: g = grad + weightDecay*param; velocity = momentum*velocity + g (velocity = g
   * when momentum is 0); param -= lr * velocity.
   */
  void sgdStep(
      DeviceTensor param, DeviceTensor grad, DeviceTensor velocity, float lr, float momentum, float weightDecay);

  /**
   * PyTorch Adam (L2 weight decay added to the gradient) for 1-based {@code step}:
   * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²;
   * param -= (lr / (1-b1^step)) * m / (sqrt(v) / sqrt(1-b2^step) + eps).
   */
  void adamStep(
      DeviceTensor param, DeviceTensor grad, DeviceTensor m, DeviceTensor v,
      float lr, float beta1, float beta2, float eps, float weightDecay, int step);

  /** Releases the backend's threads and scratch memory; its tensors must not be used afterwards. */
  @Override
  void close();
}
