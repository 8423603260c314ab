package org.ltcheck.gpu.backend.cuda;

import static org.ltcheck.gpu.backend.BackendChecks.positive;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.BackendChecks;
import org.ltcheck.gpu.backend.BackendUnavailableException;
import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.PoolWindow;
import org.ltcheck.model.SlidingWindow;
import org.ltcheck.theory.ActivationKind;

/**
 * {@link Backend} on an NVIDIA GPU through JCuda's driver API, running the kernels of
 * {@code gpu/src/main/cuda/ltcheck_kernels.cu} from the committed PTX.
 *
 * <p>Why the driver API and PTX: the GPU machines have the NVIDIA driver (libcuda.so.1) but no
 * CUDA toolkit and no CUDA-12 runtime libraries, so cuBLAS/cuDNN bindings cannot load there,
 * while the driver can JIT-compile PTX. Every tensor lives in device memory for its whole life;
 * only {@link #copyFromHost}/{@link #copyToHost} (and the 4-byte label check of
 * {@link #softmaxCrossEntropy}) move data to or from the host.
 *
 * <p>All work goes to the context's default stream in call order, so operations are ordered as
 * the interface requires without explicit synchronisation; host copies synchronise. Each
 * instance owns its own context and module; every call makes that context current on the
 * calling thread first, so a backend may be handed between threads, but it must not be used
 * by two threads at once. Results are deterministic for a given device: no kernel uses float
 * atomics, and reductions have fixed shapes (split-K plans depend on the device's SM count).
 */
public final class CudaBackend extends AbstractCudaBackend {
  /** Marker that the label check found no bad row (INT_MAX, as in the CUDA source). */
  private static final int NO_BAD_ROW = Integer.MAX_VALUE;

  /** A backend on {@code device}, launching the kernels of {@code ptx} (package-private for tests). */
  CudaBackend(DeviceApi device, String ptx) {
    super(device, ptx);
  }

  /**
   * A backend on CUDA device 0.
   *
   * @throws BackendUnavailableException "no CUDA device: reason" when {@link #probe()} fails, or
   *     when the driver cannot load the kernels
   */
  public static CudaBackend create() {
    return create(0);
  }

  /** A backend on the CUDA device with the given ordinal. */
  public static CudaBackend create(int ordinal) {
    CudaProbe p = probe();
    if (!p.available()) {
      throw new BackendUnavailableException("no CUDA device: " + p.reason());
    }
    if (ordinal < 0 || ordinal >= p.deviceCount()) {
      throw new BackendUnavailableException(
          "no CUDA device: ordinal " + ordinal + " requested but " + p.deviceCount() + " device(s) are visible");
    }
    try {
      String ptx = PtxResource.text();
      return new CudaBackend(new JCudaDevice(ordinal, ptx), ptx);
    } catch (CudaException e) {
      throw new BackendUnavailableException("no CUDA device: " + e.getMessage(), e);
    }
  }

  /** Whether {@link #create()} can be expected to succeed here (see {@link #probe()}). */
  public static boolean isAvailable() {
    return probe().available();
  }

  /**
   * Loads the JCuda native library, runs cuInit and counts devices, once per JVM (the answer
   * cannot change while the process runs, and a failed native load cannot be retried).
   */
  public static CudaProbe probe() {
    return CudaProbe.once();
  }

  @Override
  public String name() {
    return "cuda(" + device.deviceName() + ", " + smCount + " SMs)";
  }

  // ---------------------------------------------------------------- element-wise

  @Override
  public void fill(DeviceTensor t, float value) {
    launchElementwise(Kernel.FILL, t.size(), dev(t, 0, "fill target"), t.size(), value);
  }

  @Override
  public void copy(DeviceTensor src, DeviceTensor dst) {
    CUdeviceptr s = dev(src, 0, "copy source");
    CUdeviceptr d = same(dst, src, "copy destination");
    if (src.size() > 0 && s != d) {
      checkOpen();
      device.copyDtoD(d, s, 4L * src.size());
    }
  }

  @Override
  public void scale(DeviceTensor t, float alpha) {
    launchElementwise(Kernel.SCALE, t.size(), dev(t, 0, "scale target"), t.size(), alpha);
  }

  @Override
  public void add(DeviceTensor a, DeviceTensor b, DeviceTensor out) {
    launchElementwise(Kernel.ADD, a.size(), dev(a, 0, "add input"), same(b, a, "add input"),
        same(out, a, "add output"), a.size());
  }

  @Override
  public void axpy(float alpha, DeviceTensor x, DeviceTensor y) {
    launchElementwise(Kernel.AXPY, x.size(), alpha, dev(x, 0, "axpy x"), same(y, x, "axpy y"), x.size());
  }

  @Override
  public void multiply(DeviceTensor t, DeviceTensor mask) {
    launchElementwise(Kernel.MASK_MULTIPLY, t.size(), dev(t, 0, "masked tensor"), same(mask, t, "mask"), t.size());
  }

  @Override
  public void swapAxes(DeviceTensor src, int a, int b, int inner, DeviceTensor dst) {
    positive("swapAxes dimension", a, b, inner);
    long n = (long) a * b * inner;
    launchElementwise(Kernel.SWAP_AXES, n, dev(src, n, "swapAxes source"), a, b, inner,
        dev(dst, n, "swapAxes destination"));
  }

  // ---------------------------------------------------------------- BLAS

  @Override
  public void sgemm(
      boolean transA, boolean transB, int m, int n, int k, float alpha,
      DeviceTensor a, int aOffset, int lda, DeviceTensor b, int bOffset, int ldb,
      float beta, DeviceTensor c, int cOffset, int ldc) {
    BackendChecks.GemmExtents ext =
        BackendChecks.sgemm(transA, transB, m, n, k, aOffset, lda, bOffset, ldb, cOffset, ldc);
    CUdeviceptr pa = dev(a, ext.a(), "sgemm A").withByteOffset(4L * aOffset);
    CUdeviceptr pb = dev(b, ext.b(), "sgemm B").withByteOffset(4L * bOffset);
    CUdeviceptr pc = dev(c, ext.c(), "sgemm C").withByteOffset(4L * cOffset);
    GemmPlan plan = GemmPlan.choose(m, n, k, smCount);
    int ta = transA ? 1 : 0;
    int tb = transB ? 1 : 0;
    if (plan.splits() == 1) {
      launch(plan.kernel(), plan.gridX(n), plan.gridY(m), 1, GemmPlan.THREADS,
          ta, tb, m, n, k, plan.kChunk(), alpha, pa, lda, pb, ldb, beta, pc, ldc, null);
      return;
    }
    CUdeviceptr partial = scratch(Scratch.GEMM_PARTIAL, (long) plan.splits() * m * n).pointer();
    launch(plan.kernel(), plan.gridX(n), plan.gridY(m), plan.splits(), GemmPlan.THREADS,
        ta, tb, m, n, k, plan.kChunk(), alpha, pa, lda, pb, ldb, beta, pc, ldc, partial);
    launchElementwise(Kernel.SGEMM_SPLITK_REDUCE, (long) m * n, partial, plan.splits(), m, n, alpha, beta, pc, ldc);
  }

  // ---------------------------------------------------------------- convolution

  private Object[] geometryArgs(ConvGeometry g) {
    return new Object[] {
      g.batch(), g.channels(), g.height(), g.width(), g.kernelHeight(), g.kernelWidth(), g.stride(),
      g.padding(), g.outHeight(), g.outWidth()
    };
  }

  private static Object[] concat(Object first, Object[] middle, Object last) {
    List<Object> all = new ArrayList<>(middle.length + 2);
    all.add(first);
    Collections.addAll(all, middle);
    all.add(last);
    return all.toArray();
  }

  @Override
  public void im2col(DeviceTensor x, ConvGeometry g, DeviceTensor cols) {
    CUdeviceptr px = dev(x, (long) g.batch() * g.inputSize(), "im2col input");
    CUdeviceptr pc = dev(cols, (long) g.colRows() * g.colCols(), "im2col columns");
    launchElementwise(Kernel.IM2COL, (long) g.channels() * g.colCols(), concat(px, geometryArgs(g), pc));
  }

  @Override
  public void col2im(DeviceTensor cols, ConvGeometry g, DeviceTensor dx) {
    CUdeviceptr pc = dev(cols, (long) g.colRows() * g.colCols(), "col2im columns");
    CUdeviceptr px = dev(dx, (long) g.batch() * g.inputSize(), "col2im output");
    launchElementwise(Kernel.COL2IM, (long) g.batch() * g.inputSize(), concat(pc, geometryArgs(g), px));
  }

  @Override
  public void addChannelBias(DeviceTensor y, DeviceTensor bias, int outer, int channels, int inner) {
    positive("bias dimension", outer, channels, inner);
    long n = (long) outer * channels * inner;
    launchElementwise(Kernel.ADD_CHANNEL_BIAS, n, dev(y, n, "biased tensor"), dev(bias, channels, "bias"),
        outer, channels, inner);
  }

  @Override
  public void channelSum(DeviceTensor x, int outer, int channels, int inner, DeviceTensor out) {
    positive("channelSum dimension", outer, channels, inner);
    long n = (long) outer * channels * inner;
    launchPerChannel(Kernel.CHANNEL_DOT, channels, dev(x, n, "channelSum input"), null, outer, channels, inner,
        dev(out, channels, "channelSum output"));
  }

  @Override
  public void scaleChannels(DeviceTensor x, DeviceTensor scale, int outer, int channels, int inner, DeviceTensor y) {
    positive("scaleChannels dimension", outer, channels, inner);
    long n = (long) outer * channels * inner;
    launchElementwise(Kernel.SCALE_CHANNELS, n, dev(x, n, "scaleChannels input"), dev(scale, channels, "channel scale"),
        outer, channels, inner, dev(y, n, "scaleChannels output"));
  }

  @Override
  public void channelDot(DeviceTensor a, DeviceTensor b, int outer, int channels, int inner, DeviceTensor out) {
    positive("channelDot dimension", outer, channels, inner);
    long n = (long) outer * channels * inner;
    launchPerChannel(Kernel.CHANNEL_DOT, channels, dev(a, n, "channelDot a"), dev(b, n, "channelDot b"),
        outer, channels, inner, dev(out, channels, "channelDot output"));
  }

  // ---------------------------------------------------------------- batch norm

  @Override
  public void batchNormTrainForward(
      DeviceTensor x, int batch, int channels, int spatial, DeviceTensor gamma, DeviceTensor beta,
      DeviceTensor runningMean, DeviceTensor runningVar, float momentum, float eps, DeviceTensor y,
      DeviceTensor saveMean, DeviceTensor saveInvStd) {
    positive("batch-norm dimension", batch, channels, spatial);
    long n = (long) batch * channels * spatial;
    CUdeviceptr px = dev(x, n, "batch-norm input");
    CUdeviceptr pg = dev(gamma, channels, "gamma");
    CUdeviceptr pb = dev(beta, channels, "beta");
    CUdeviceptr rm = dev(runningMean, channels, "running mean");
    CUdeviceptr rv = dev(runningVar, channels, "running var");
    CUdeviceptr py = dev(y, n, "batch-norm output");
    CUdeviceptr sm = dev(saveMean, channels, "saved mean");
    CUdeviceptr si = dev(saveInvStd, channels, "saved inverse std");
    launchPerChannel(Kernel.BATCH_NORM_STATS, channels, px, batch, channels, spatial, rm, rv, momentum, eps, sm, si);
    launchElementwise(Kernel.BATCH_NORM_APPLY, n, px, batch, channels, spatial, pg, pb, sm, si, py);
  }

  @Override
  public void batchNormInferenceForward(
      DeviceTensor x, int batch, int channels, int spatial, DeviceTensor gamma, DeviceTensor beta,
      DeviceTensor runningMean, DeviceTensor runningVar, float eps, DeviceTensor y) {
    positive("batch-norm dimension", batch, channels, spatial);
    long n = (long) batch * channels * spatial;
    launchElementwise(Kernel.BATCH_NORM_INFERENCE, n, dev(x, n, "batch-norm input"), batch, channels, spatial,
        dev(gamma, channels, "gamma"), dev(beta, channels, "beta"), dev(runningMean, channels, "running mean"),
        dev(runningVar, channels, "running var"), eps, dev(y, n, "batch-norm output"));
  }

  @Override
  public void batchNormBackward(
      DeviceTensor x, DeviceTensor dy, int batch, int channels, int spatial, DeviceTensor gamma,
      DeviceTensor saveMean, DeviceTensor saveInvStd, DeviceTensor dx, DeviceTensor dGamma, DeviceTensor dBeta) {
    positive("batch-norm dimension", batch, channels, spatial);
    long n = (long) batch * channels * spatial;
    CUdeviceptr px = dev(x, n, "batch-norm input");
    CUdeviceptr pdy = dev(dy, n, "batch-norm output gradient");
    CUdeviceptr pg = dev(gamma, channels, "gamma");
    CUdeviceptr sm = dev(saveMean, channels, "saved mean");
    CUdeviceptr si = dev(saveInvStd, channels, "saved inverse std");
    CUdeviceptr pdx = dev(dx, n, "batch-norm input gradient");
    CUdeviceptr dg = dev(dGamma, channels, "gamma gradient");
    CUdeviceptr db = dev(dBeta, channels, "beta gradient");
    CUdeviceptr means = scratch(Scratch.NORM_MEANS, 2L * channels).pointer();
    launchPerChannel(Kernel.BATCH_NORM_BACKWARD_REDUCE, channels, px, pdy, batch, channels, spatial, sm, si, dg, db,
        means);
    launchElementwise(Kernel.BATCH_NORM_BACKWARD_DX, n, px, pdy, batch, channels, spatial, pg, sm, si, means, pdx);
  }

  // ---------------------------------------------------------------- activations

  /** The kind codes of the activation kernels (see the CUDA source). */
  static int activationCode(ActivationKind kind) {
    return switch (kind) {
      case RELU -> 0;
      case LEAKY_RELU -> 1;
      case TANH -> 2;
      case SIGMOID -> 3;
      case IDENTITY -> 4;
    };
  }

  @Override
  public void activationForward(ActivationKind kind, float negativeSlope, DeviceTensor x, DeviceTensor y) {
    launchElementwise(Kernel.ACTIVATION_FORWARD, x.size(), activationCode(kind), negativeSlope,
        dev(x, 0, "activation input"), same(y, x, "activation output"), x.size());
  }

  @Override
  public void activationBackward(
      ActivationKind kind, float negativeSlope, DeviceTensor y, DeviceTensor dy, DeviceTensor dx) {
    launchElementwise(Kernel.ACTIVATION_BACKWARD, y.size(), activationCode(kind), negativeSlope,
        dev(y, 0, "activation output"), same(dy, y, "activation output gradient"),
        same(dx, y, "activation input gradient"), y.size());
  }

  // ---------------------------------------------------------------- pooling

  @Override
  public void avgPoolForward(DeviceTensor x, int planes, int h, int w, int kernel, int stride, DeviceTensor y) {
    long out = BackendChecks.avgPoolOutput(planes, h, w, kernel, stride);
    launchElementwise(Kernel.AVG_POOL_FORWARD, out, dev(x, (long) planes * h * w, "avg-pool input"), planes, h, w,
        kernel, stride, SlidingWindow.outputSize(h, kernel, stride, 0), SlidingWindow.outputSize(w, kernel, stride, 0), dev(y, out, "avg-pool output"));
  }

  @Override
  public void avgPoolBackward(DeviceTensor dy, int planes, int h, int w, int kernel, int stride, DeviceTensor dx) {
    long out = BackendChecks.avgPoolOutput(planes, h, w, kernel, stride);
    long in = (long) planes * h * w;
    launchElementwise(Kernel.AVG_POOL_BACKWARD, in, dev(dy, out, "avg-pool output gradient"), planes, h, w, kernel,
        stride, SlidingWindow.outputSize(h, kernel, stride, 0), SlidingWindow.outputSize(w, kernel, stride, 0), dev(dx, in, "avg-pool input gradient"));
  }

  @Override
  public void maxPoolForward(
      DeviceTensor x, int planes, int h, int w, int kernel, int stride, int padding, DeviceTensor y) {
    PoolWindow window = BackendChecks.maxPoolWindow(planes, h, w, kernel, stride, padding);
    launchElementwise(Kernel.MAX_POOL_FORWARD, window.outSize(), dev(x, window.inSize(), "max-pool input"), planes, h, w,
        kernel, stride, padding, window.outHeight(), window.outWidth(), dev(y, window.outSize(), "max-pool output"));
  }

  @Override
  public void maxPoolBackward(
      DeviceTensor x, DeviceTensor dy, int planes, int h, int w, int kernel, int stride, int padding, DeviceTensor dx) {
    PoolWindow window = BackendChecks.maxPoolWindow(planes, h, w, kernel, stride, padding);
    launchElementwise(Kernel.MAX_POOL_BACKWARD, window.inSize(), dev(x, window.inSize(), "max-pool input"),
        dev(dy, window.outSize(), "max-pool output gradient"), planes, h, w, kernel, stride, padding, window.outHeight(),
        window.outWidth(), dev(dx, window.inSize(), "max-pool input gradient"));
  }

  @Override
  public void globalAvgPoolForward(DeviceTensor x, int planes, int spatial, DeviceTensor y) {
    positive("global-avg-pool dimension", planes, spatial);
    launchWarpPerRow(Kernel.GLOBAL_AVG_POOL_FORWARD, planes, dev(x, (long) planes * spatial, "global-avg-pool input"),
        planes, spatial, dev(y, planes, "global-avg-pool output"));
  }

  @Override
  public void globalAvgPoolBackward(DeviceTensor dy, int planes, int spatial, DeviceTensor dx) {
    positive("global-avg-pool dimension", planes, spatial);
    long n = (long) planes * spatial;
    launchElementwise(Kernel.GLOBAL_AVG_POOL_BACKWARD, n, dev(dy, planes, "global-avg-pool output gradient"), planes,
        spatial, dev(dx, n, "global-avg-pool input gradient"));
  }

  // ---------------------------------------------------------------- loss

  /**
   * {@inheritDoc}
   *
   * <p>The only call that waits for the GPU: it reads back one int, the first row with an
   * invalid label, so that a bad label throws here like on the CPU rather than corrupting an
   * epoch's statistics silently. The statistics themselves stay on the device.
   */
  @Override
  public void softmaxCrossEntropy(
      DeviceTensor logits, DeviceTensor labels, int batch, int classes, DeviceTensor dLogits,
      float gradScale, DeviceTensor stats) {
    positive("loss dimension", batch, classes);
    long n = (long) batch * classes;
    CUdeviceptr pl = dev(logits, n, "logits");
    CUdeviceptr py = dev(labels, batch, "labels");
    CUdeviceptr pg = dLogits == null ? null : dev(dLogits, n, "logit gradient");
    CUdeviceptr ps = dev(stats, 2, "loss statistics");
    CUdeviceptr rowLoss = scratch(Scratch.LOSS_ROWS, 2L * batch).pointer(); // doubles
    CUdeviceptr rowCorrect = scratch(Scratch.LOSS_CORRECT, batch).pointer();
    CUdeviceptr badRow = scratch(Scratch.LOSS_BAD_ROW, 1).pointer();
    device.memsetD32(badRow, NO_BAD_ROW, 1);
    launchWarpPerRow(Kernel.SOFTMAX_XENT_ROWS, batch, pl, py, batch, classes, pg, gradScale, rowLoss, rowCorrect,
        badRow);
    launch(Kernel.SOFTMAX_XENT_STATS, 1, 1, 1, Kernel.REDUCE_THREADS, rowLoss, rowCorrect, batch, badRow, ps);
    int bad = device.readInt(badRow);
    if (bad != NO_BAD_ROW) {
      float[] label = new float[1];
      copyToHost(labels, bad, label, 0, 1);
      throw new IllegalArgumentException(
          "label " + label[0] + " of row " + bad + " is not a class in [0, " + classes + ")");
    }
  }

  // ---------------------------------------------------------------- optimisers

  @Override
  public void sgdStep(
      DeviceTensor param, DeviceTensor grad, DeviceTensor velocity, float lr, float momentum, float weightDecay) {
    launchElementwise(Kernel.SGD, param.size(), dev(param, 0, "parameter"), same(grad, param, "gradient"),
        same(velocity, param, "velocity"), param.size(), lr, momentum, weightDecay);
  }

  @Override
  public void adamStep(
      DeviceTensor param, DeviceTensor grad, DeviceTensor m, DeviceTensor v, float lr, float beta1,
      float beta2, float eps, float weightDecay, int step) {
    BackendChecks.AdamCorrection bc = BackendChecks.AdamCorrection.of(lr, beta1, beta2, step);
    launchElementwise(Kernel.ADAM, param.size(), dev(param, 0, "parameter"), same(grad, param, "gradient"),
        same(m, param, "first moment"), same(v, param, "second moment"), param.size(), bc.stepSize(), beta1, beta2,
        eps, weightDecay, bc.sqrtBias2());
  }

  /** Waits until all queued work has finished (for timing); errors of earlier launches surface here. */
  public void synchronize() {
    checkOpen();
    device.synchronize();
  }
}
