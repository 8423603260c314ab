package org.ltcheck.gpu.backend.cpu;

import static org.ltcheck.gpu.backend.BackendChecks.positive;

import java.nio.FloatBuffer;
import org.ltcheck.gpu.backend.AbstractDeviceTensor;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.BackendChecks;
import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.ConvScratch;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.PoolWindow;
import org.ltcheck.theory.ActivationKind;

/**
 * Multithreaded float32 {@link Backend} on the CPU. GEMM goes to OpenBLAS (bytedeco presets) or
 * to the pure-Java {@link JavaGemm}; everything else runs on this backend's own fork/join pool.
 * This class checks arguments and dispatches; the loops live in the *Kernels classes.
 */
public final class CpuBackend implements Backend {
  /** The most worker threads a fork/join pool can have. */
  public static final int MAX_THREADS = 0x7fff;

  private final Parallel parallel;
  private final Gemm gemm;
  private final ConvKernels conv;
  private final ConvLayerKernels convLayers;
  private final ChannelKernels channel;
  private final NormKernels norm;
  private final PointwiseKernels pointwise;

  private CpuBackend(int threads, GemmKind kind) {
    this.parallel = new Parallel(threads);
    this.gemm = switch (kind) {
      case OPENBLAS -> new OpenBlasGemm(threads, parallel);
      case JAVA -> new JavaGemm(parallel);
      case AUTO -> OpenBlasGemm.available() ? new OpenBlasGemm(threads, parallel) : new JavaGemm(parallel);
    };
    this.conv = new ConvKernels(parallel);
    this.convLayers = new ConvLayerKernels(parallel, gemm);
    this.channel = new ChannelKernels(parallel);
    this.norm = new NormKernels(parallel);
    this.pointwise = new PointwiseKernels(parallel);
  }

  /**
   * A CPU backend with {@code threads} worker threads (0 = all available processors).
   * Convolution layers run image by image, each worker thread with a cache-sized scratch and
   * single-threaded GEMMs ({@link ConvLayerKernels}); other GEMMs are split into one block of C
   * per thread, each a single-threaded BLAS call on one of the backend's workers. OpenBLAS's own
   * thread pool is never used: its threads spin while waiting for work, which with other
   * processes on the cores (or the backend's own workers) made steps collapse.
   *
   * @throws org.ltcheck.gpu.backend.BackendUnavailableException if {@code kind} is OPENBLAS and
   *     the native library cannot load
   */
  public static CpuBackend create(int threads, GemmKind kind) {
    if (threads < 0 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("thread count must be in [0, " + MAX_THREADS + "], got " + threads);
    }
    return new CpuBackend(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads, kind);
  }

  /** Whether OpenBLAS's native library loads here. */
  public static boolean openBlasAvailable() {
    return OpenBlasGemm.available();
  }

  public int threads() {
    return parallel.threads();
  }

  /** "openblas" or "java". */
  public String gemmName() {
    return gemm.name();
  }

  @Override
  public String name() {
    return "cpu(" + gemm.name() + ", " + parallel.threads() + " threads)";
  }

  // ---------------------------------------------------------------- checks

  private FloatBuffer buf(DeviceTensor t, long needed, String what) {
    return ((CpuTensor) AbstractDeviceTensor.checked(t, this, needed, what)).data();
  }

  private FloatBuffer same(DeviceTensor t, DeviceTensor ref, String what) {
    AbstractDeviceTensor.checkSameSize(t, ref, what);
    return buf(t, ref.size(), what);
  }

  private static FloatBuffer at(FloatBuffer b, int offset) {
    return offset == 0 ? b : b.duplicate().position(offset).slice();
  }

  // ---------------------------------------------------------------- memory

  @Override
  public DeviceTensor allocate(int... shape) {
    return new CpuTensor(this, shape);
  }

  @Override
  public void copyFromHost(float[] src, int srcOffset, DeviceTensor dst, int dstOffset, int length) {
    java.util.Objects.checkFromIndexSize(srcOffset, length, src.length);
    buf(dst, (long) dstOffset + length, "copy destination").put(dstOffset, src, srcOffset, length);
  }

  @Override
  public void copyToHost(DeviceTensor src, int srcOffset, float[] dst, int dstOffset, int length) {
    java.util.Objects.checkFromIndexSize(dstOffset, length, dst.length);
    buf(src, (long) srcOffset + length, "copy source").get(srcOffset, dst, dstOffset, length);
  }

  // ---------------------------------------------------------------- element-wise

  @Override
  public void fill(DeviceTensor t, float value) {
    pointwise.fill(buf(t, 0, "fill target"), t.size(), value);
  }

  @Override
  public void copy(DeviceTensor src, DeviceTensor dst) {
    pointwise.copy(buf(src, 0, "copy source"), same(dst, src, "copy destination"), src.size());
  }

  @Override
  public void scale(DeviceTensor t, float alpha) {
    pointwise.scale(buf(t, 0, "scale target"), t.size(), alpha);
  }

  @Override
  public void add(DeviceTensor a, DeviceTensor b, DeviceTensor out) {
    pointwise.add(buf(a, 0, "add input"), same(b, a, "add input"), same(out, a, "add output"), a.size());
  }

  @Override
  public void axpy(float alpha, DeviceTensor x, DeviceTensor y) {
    pointwise.axpy(alpha, buf(x, 0, "axpy x"), same(y, x, "axpy y"), x.size());
  }

  @Override
  public void multiply(DeviceTensor t, DeviceTensor mask) {
    pointwise.multiply(buf(t, 0, "masked tensor"), same(mask, t, "mask"), t.size());
  }

  @Override
  public void swapAxes(DeviceTensor src, int a, int b, int inner, DeviceTensor dst) {
    positive("swapAxes dimension", a, b, inner);
    long n = (long) a * b * inner;
    conv.swapAxes(buf(src, n, "swapAxes source"), a, b, inner, buf(dst, n, "swapAxes destination"));
  }

  // ---------------------------------------------------------------- BLAS

  @Override
  public void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      DeviceTensor a, int aOffset, int lda, DeviceTensor b, int bOffset, int ldb,
      float beta, DeviceTensor c, int cOffset, int ldc) {
    BackendChecks.GemmExtents ext =
        BackendChecks.sgemm(transA, transB, m, n, k, aOffset, lda, bOffset, ldb, cOffset, ldc);
    FloatBuffer ab = at(buf(a, ext.a(), "sgemm A"), aOffset);
    FloatBuffer bb = at(buf(b, ext.b(), "sgemm B"), bOffset);
    FloatBuffer cb = at(buf(c, ext.c(), "sgemm C"), cOffset);
    gemm.sgemm(transA, transB, m, n, k, alpha, ab, lda, bb, ldb, beta, cb, ldc);
  }

  // ---------------------------------------------------------------- convolution

  @Override
  public void im2col(DeviceTensor x, ConvGeometry g, DeviceTensor cols) {
    conv.im2col(
        buf(x, (long) g.batch() * g.inputSize(), "im2col input"), g,
        buf(cols, (long) g.colRows() * g.colCols(), "im2col columns"));
  }

  @Override
  public void col2im(DeviceTensor cols, ConvGeometry g, DeviceTensor dx) {
    conv.col2im(
        buf(cols, (long) g.colRows() * g.colCols(), "col2im columns"), g,
        buf(dx, (long) g.batch() * g.inputSize(), "col2im output"));
  }

  @Override
  public ConvScratch convScratch(ConvGeometry g, int outChannels) {
    positive("conv output channels", outChannels);
    return new CpuConvScratch(this, g, outChannels);
  }

  private void checkScratch(ConvScratch scratch, ConvGeometry g, int outChannels) {
    if (!(scratch instanceof CpuConvScratch cs) || cs.owner() != this) {
      throw new IllegalArgumentException("conv scratch " + scratch + " was not made by backend " + name());
    }
    BackendChecks.convScratch(scratch, g, outChannels);
  }

  /**
   * Image by image, each worker with a cache-sized column buffer and a single-threaded GEMM
   * ({@link ConvLayerKernels}); results do not depend on the thread count.
   */
  @Override
  public void conv2dForward(
      DeviceTensor x, ConvGeometry g, DeviceTensor weight, int outChannels, DeviceTensor bias,
      DeviceTensor y, ConvScratch scratch) {
    checkScratch(scratch, g, outChannels);
    long outSize = (long) g.batch() * outChannels * g.outPixels();
    convLayers.forward(
        buf(x, (long) g.batch() * g.inputSize(), "conv input"), g,
        buf(weight, (long) outChannels * g.colRows(), "conv weight"), outChannels,
        bias == null ? null : buf(bias, outChannels, "conv bias"), buf(y, outSize, "conv output"));
  }

  @Override
  public void conv2dBackward(
      DeviceTensor x, DeviceTensor dy, ConvGeometry g, DeviceTensor weight, int outChannels,
      DeviceTensor dWeight, DeviceTensor dBias, DeviceTensor dx, ConvScratch scratch) {
    checkScratch(scratch, g, outChannels);
    long inSize = (long) g.batch() * g.inputSize();
    long wSize = (long) outChannels * g.colRows();
    convLayers.backward(
        buf(x, inSize, "conv input"), buf(dy, (long) g.batch() * outChannels * g.outPixels(), "conv output gradient"),
        g, buf(weight, wSize, "conv weight"), outChannels, buf(dWeight, wSize, "conv weight gradient"),
        dBias == null ? null : buf(dBias, outChannels, "conv bias gradient"),
        dx == null ? null : buf(dx, inSize, "conv input gradient"));
  }

  @Override
  public void addChannelBias(DeviceTensor y, DeviceTensor bias, int outer, int channels, int inner) {
    positive("bias dimension", outer, channels, inner);
    channel.addChannelBias(
        buf(y, (long) outer * channels * inner, "biased tensor"), buf(bias, channels, "bias"), outer, channels, inner);
  }

  @Override
  public void channelSum(DeviceTensor x, int outer, int channels, int inner, DeviceTensor out) {
    positive("channelSum dimension", outer, channels, inner);
    channel.channelSum(
        buf(x, (long) outer * channels * inner, "channelSum input"), outer, channels, inner,
        buf(out, channels, "channelSum output"));
  }

  @Override
  public void scaleChannels(DeviceTensor x, DeviceTensor scale, int outer, int channels, int inner, DeviceTensor y) {
    positive("scaleChannels dimension", outer, channels, inner);
    long n = (long) outer * channels * inner;
    channel.scaleChannels(
        buf(x, n, "scaleChannels input"), buf(scale, channels, "channel scale"), outer, channels, inner,
        buf(y, n, "scaleChannels output"));
  }

  @Override
  public void channelDot(DeviceTensor a, DeviceTensor b, int outer, int channels, int inner, DeviceTensor out) {
    positive("channelDot dimension", outer, channels, inner);
    long n = (long) outer * channels * inner;
    channel.channelDot(
        buf(a, n, "channelDot a"), buf(b, n, "channelDot b"), outer, channels, inner, buf(out, channels, "channelDot output"));
  }

  // ---------------------------------------------------------------- batch norm

  @Override
  public void batchNormTrainForward(
      DeviceTensor x, int batch, int channels, int spatial, DeviceTensor gamma, DeviceTensor beta,
      DeviceTensor runningMean, DeviceTensor runningVar, float momentum, float eps, DeviceTensor y,
      DeviceTensor saveMean, DeviceTensor saveInvStd) {
    positive("batch-norm dimension", batch, channels, spatial);
    long n = (long) batch * channels * spatial;
    norm.trainForward(
        buf(x, n, "batch-norm input"), batch, channels, spatial, buf(gamma, channels, "gamma"),
        buf(beta, channels, "beta"), buf(runningMean, channels, "running mean"),
        buf(runningVar, channels, "running var"), momentum, eps, buf(y, n, "batch-norm output"),
        buf(saveMean, channels, "saved mean"), buf(saveInvStd, channels, "saved inverse std"));
  }

  @Override
  public void batchNormInferenceForward(
      DeviceTensor x, int batch, int channels, int spatial, DeviceTensor gamma, DeviceTensor beta,
      DeviceTensor runningMean, DeviceTensor runningVar, float eps, DeviceTensor y) {
    positive("batch-norm dimension", batch, channels, spatial);
    long n = (long) batch * channels * spatial;
    norm.inferenceForward(
        buf(x, n, "batch-norm input"), batch, channels, spatial, buf(gamma, channels, "gamma"),
        buf(beta, channels, "beta"), buf(runningMean, channels, "running mean"),
        buf(runningVar, channels, "running var"), eps, buf(y, n, "batch-norm output"));
  }

  @Override
  public void batchNormBackward(
      DeviceTensor x, DeviceTensor dy, int batch, int channels, int spatial, DeviceTensor gamma,
      DeviceTensor saveMean, DeviceTensor saveInvStd, DeviceTensor dx, DeviceTensor dGamma, DeviceTensor dBeta) {
    positive("batch-norm dimension", batch, channels, spatial);
    long n = (long) batch * channels * spatial;
    norm.backward(
        buf(x, n, "batch-norm input"), buf(dy, n, "batch-norm output gradient"), batch, channels, spatial,
        buf(gamma, channels, "gamma"), buf(saveMean, channels, "saved mean"),
        buf(saveInvStd, channels, "saved inverse std"), buf(dx, n, "batch-norm input gradient"),
        buf(dGamma, channels, "gamma gradient"), buf(dBeta, channels, "beta gradient"));
  }

  // ---------------------------------------------------------------- activations

  @Override
  public void activationForward(ActivationKind kind, float negativeSlope, DeviceTensor x, DeviceTensor y) {
    pointwise.activationForward(kind, negativeSlope, buf(x, 0, "activation input"), same(y, x, "activation output"), x.size());
  }

  @Override
  public void activationBackward(
      ActivationKind kind, float negativeSlope, DeviceTensor y, DeviceTensor dy, DeviceTensor dx) {
    pointwise.activationBackward(
        kind, negativeSlope, buf(y, 0, "activation output"), same(dy, y, "activation output gradient"),
        same(dx, y, "activation input gradient"), y.size());
  }

  // ---------------------------------------------------------------- pooling

  @Override
  public void avgPoolForward(DeviceTensor x, int planes, int h, int w, int kernel, int stride, DeviceTensor y) {
    long out = BackendChecks.avgPoolOutput(planes, h, w, kernel, stride);
    channel.avgPoolForward(
        buf(x, (long) planes * h * w, "avg-pool input"), planes, h, w, kernel, stride, buf(y, out, "avg-pool output"));
  }

  @Override
  public void avgPoolBackward(DeviceTensor dy, int planes, int h, int w, int kernel, int stride, DeviceTensor dx) {
    long out = BackendChecks.avgPoolOutput(planes, h, w, kernel, stride);
    channel.avgPoolBackward(
        buf(dy, out, "avg-pool output gradient"), planes, h, w, kernel, stride,
        buf(dx, (long) planes * h * w, "avg-pool input gradient"));
  }

  @Override
  public void maxPoolForward(
      DeviceTensor x, int planes, int h, int w, int kernel, int stride, int padding, DeviceTensor y) {
    PoolWindow window = BackendChecks.maxPoolWindow(planes, h, w, kernel, stride, padding);
    channel.maxPoolForward(buf(x, window.inSize(), "max-pool input"), window, buf(y, window.outSize(), "max-pool output"));
  }

  @Override
  public void maxPoolBackward(
      DeviceTensor x, DeviceTensor dy, int planes, int h, int w, int kernel, int stride, int padding, DeviceTensor dx) {
    PoolWindow window = BackendChecks.maxPoolWindow(planes, h, w, kernel, stride, padding);
    channel.maxPoolBackward(buf(x, window.inSize(), "max-pool input"), buf(dy, window.outSize(), "max-pool output gradient"),
        window, buf(dx, window.inSize(), "max-pool input gradient"));
  }

  @Override
  public void globalAvgPoolForward(DeviceTensor x, int planes, int spatial, DeviceTensor y) {
    positive("global-avg-pool dimension", planes, spatial);
    channel.globalAvgPoolForward(
        buf(x, (long) planes * spatial, "global-avg-pool input"), planes, spatial, buf(y, planes, "global-avg-pool output"));
  }

  @Override
  public void globalAvgPoolBackward(DeviceTensor dy, int planes, int spatial, DeviceTensor dx) {
    positive("global-avg-pool dimension", planes, spatial);
    channel.globalAvgPoolBackward(
        buf(dy, planes, "global-avg-pool output gradient"), planes, spatial,
        buf(dx, (long) planes * spatial, "global-avg-pool input gradient"));
  }

  // ---------------------------------------------------------------- loss

  @Override
  public void softmaxCrossEntropy(
      DeviceTensor logits, DeviceTensor labels, int batch, int classes, DeviceTensor dLogits,
      float gradScale, DeviceTensor stats) {
    positive("loss dimension", batch, classes);
    long n = (long) batch * classes;
    pointwise.softmaxCrossEntropy(
        buf(logits, n, "logits"), buf(labels, batch, "labels"), batch, classes,
        dLogits == null ? null : buf(dLogits, n, "logit gradient"), gradScale, buf(stats, 2, "loss statistics"));
  }

  // ---------------------------------------------------------------- optimisers

  @Override
  public void sgdStep(
      DeviceTensor param, DeviceTensor grad, DeviceTensor velocity, float lr, float momentum, float weightDecay) {
    pointwise.sgd(
        buf(param, 0, "parameter"), same(grad, param, "gradient"), same(velocity, param, "velocity"),
        param.size(), lr, momentum, weightDecay);
  }

  @Override
  public void adamStep(
      DeviceTensor param, DeviceTensor grad, DeviceTensor m, DeviceTensor v, float lr, float beta1,
      float beta2, float eps, float weightDecay, int step) {
    BackendChecks.AdamCorrection bc = BackendChecks.AdamCorrection.of(lr, beta1, beta2, step);
    pointwise.adam(
        buf(param, 0, "parameter"), same(grad, param, "gradient"), same(m, param, "first moment"),
        same(v, param, "second moment"), param.size(), bc, beta1, beta2, eps, weightDecay);
  }

  @Override
  public void close() {
    parallel.close();
  }
}
