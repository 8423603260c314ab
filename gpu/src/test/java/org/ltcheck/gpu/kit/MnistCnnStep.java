package org.ltcheck.gpu.kit;

import java.util.List;
import java.util.Random;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * One SGD training step of the paper's MNIST CNN (conv 1→32 3×3 pad 1, ReLU, conv 32→32 3×3
 * pad 1, ReLU, flatten, linear 25088→10) written directly against {@link Backend} operations.
 *
 * <p>Why it exists in test code: it is the workload of the GPU benchmark and of the
 * CPU-versus-CUDA end-to-end comparison, and it must not depend on the training stack that is
 * still being written on another branch. Once that stack lands, the benchmark should time its
 * trainer instead and this class should go. Convolutions are one GEMM over the whole batch:
 * im2col, W·cols, then an axis swap to NCHW, as the training stack does.
 */
public final class MnistCnnStep implements AutoCloseable {
  static final int SIDE = 28;
  static final int PIXELS = SIDE * SIDE;
  static final int FILTERS = 32;
  static final int CLASSES = 10;
  static final int FEATURES = FILTERS * PIXELS;

  private final Backend b;
  private final int batch;
  private final float lr;
  private final float momentum;
  private final ConvGeometry g1;
  private final ConvGeometry g2;
  private final DeviceTensor w1;
  private final DeviceTensor b1;
  private final DeviceTensor w2;
  private final DeviceTensor b2;
  private final DeviceTensor wf;
  private final DeviceTensor bf;
  private final List<DeviceTensor> params;
  private final List<DeviceTensor> grads;
  private final List<DeviceTensor> velocities;
  // activations and workspaces
  private final DeviceTensor x;
  private final DeviceTensor labels;
  private final DeviceTensor cols1;
  private final DeviceTensor cols2;
  private final DeviceTensor convT;
  private final DeviceTensor a1;
  private final DeviceTensor a2;
  private final DeviceTensor logits;
  private final DeviceTensor dLogits;
  private final DeviceTensor dA2;
  private final DeviceTensor dA1;
  private final DeviceTensor stats;

  /** Parameters drawn like PyTorch's defaults, U(±1/sqrt(fan_in)), from {@code seed}. */
  public MnistCnnStep(Backend backend, int batch, float lr, float momentum, long seed) {
    this.b = backend;
    this.batch = batch;
    this.lr = lr;
    this.momentum = momentum;
    this.g1 = new ConvGeometry(batch, 1, SIDE, SIDE, 3, 3, 1, 1);
    this.g2 = new ConvGeometry(batch, FILTERS, SIDE, SIDE, 3, 3, 1, 1);
    Random rnd = new Random(seed);
    w1 = uniform(rnd, 9, FILTERS, 1, 3, 3);
    b1 = uniform(rnd, 9, FILTERS);
    w2 = uniform(rnd, FILTERS * 9, FILTERS, FILTERS, 3, 3);
    b2 = uniform(rnd, FILTERS * 9, FILTERS);
    wf = uniform(rnd, FEATURES, CLASSES, FEATURES);
    bf = uniform(rnd, FEATURES, CLASSES);
    params = List.of(w1, b1, w2, b2, wf, bf);
    grads = params.stream().map(p -> b.allocate(p.shape())).toList();
    velocities = params.stream().map(p -> b.allocate(p.shape())).toList();
    x = b.allocate(batch, 1, SIDE, SIDE);
    labels = b.allocate(batch);
    cols1 = b.allocate(g1.colRows(), g1.colCols());
    cols2 = b.allocate(g2.colRows(), g2.colCols());
    convT = b.allocate(FILTERS, batch * PIXELS);
    a1 = b.allocate(batch, FILTERS, SIDE, SIDE);
    a2 = b.allocate(batch, FILTERS, SIDE, SIDE);
    logits = b.allocate(batch, CLASSES);
    dLogits = b.allocate(batch, CLASSES);
    dA2 = b.allocate(batch, FILTERS, SIDE, SIDE);
    dA1 = b.allocate(batch, FILTERS, SIDE, SIDE);
    stats = b.allocate(2);
  }

  private DeviceTensor uniform(Random rnd, int fanIn, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float bound = (float) (1 / Math.sqrt(fanIn));
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (2 * rnd.nextFloat() - 1) * bound;
    }
    return b.upload(v, shape);
  }

  public int batch() {
    return batch;
  }

  /**
   * Uploads images [from, from+batch) of {@code images} (normalised, 784 floats each) and their
   * labels, then runs forward, loss, backward and the SGD update.
   */
  public void step(float[] images, float[] labelValues, int from) {
    b.copyFromHost(images, from * PIXELS, x, 0, batch * PIXELS);
    b.copyFromHost(labelValues, from, labels, 0, batch);
    // conv1 + ReLU
    convForward(x, g1, w1, b1, cols1, a1);
    // conv2 + ReLU
    convForward(a1, g2, w2, b2, cols2, a2);
    // linear: logits = a2 (N × 25088) · wf^T + bf
    b.sgemm(false, true, batch, CLASSES, FEATURES, 1f, a2, 0, FEATURES, wf, 0, FEATURES, 0f, logits, 0, CLASSES);
    b.addChannelBias(logits, bf, batch, CLASSES, 1);
    b.softmaxCrossEntropy(logits, labels, batch, CLASSES, dLogits, 1f / batch, stats);
    // linear backward
    b.sgemm(true, false, CLASSES, FEATURES, batch, 1f, dLogits, 0, CLASSES, a2, 0, FEATURES, 0f, grads.get(4), 0,
        FEATURES);
    b.channelSum(dLogits, batch, CLASSES, 1, grads.get(5));
    b.sgemm(false, false, batch, FEATURES, CLASSES, 1f, dLogits, 0, CLASSES, wf, 0, FEATURES, 0f, dA2, 0, FEATURES);
    // conv2 backward (needs dx), conv1 backward (input gradient not needed)
    convBackward(a2, dA2, g2, w2, cols2, grads.get(2), grads.get(3), dA1);
    convBackward(a1, dA1, g1, w1, cols1, grads.get(0), grads.get(1), null);
    for (int i = 0; i < params.size(); i++) {
      b.sgdStep(params.get(i), grads.get(i), velocities.get(i), lr, momentum, 0f);
    }
  }

  private void convForward(
      DeviceTensor in, ConvGeometry g, DeviceTensor w, DeviceTensor bias, DeviceTensor cols, DeviceTensor out) {
    b.im2col(in, g, cols);
    b.sgemm(false, false, FILTERS, g.colCols(), g.colRows(), 1f, w, 0, g.colRows(), cols, 0, g.colCols(), 0f,
        convT, 0, g.colCols());
    b.swapAxes(convT, FILTERS, batch, PIXELS, out);
    b.addChannelBias(out, bias, batch, FILTERS, PIXELS);
    b.activationForward(ActivationKind.RELU, 0f, out, out);
  }

  /** dy arrives as the gradient of the ReLU output and is overwritten; dx may be null. */
  private void convBackward(
      DeviceTensor y, DeviceTensor dy, ConvGeometry g, DeviceTensor w, DeviceTensor cols,
      DeviceTensor dW, DeviceTensor dB, DeviceTensor dx) {
    b.activationBackward(ActivationKind.RELU, 0f, y, dy, dy);
    b.channelSum(dy, batch, FILTERS, PIXELS, dB);
    b.swapAxes(dy, batch, FILTERS, PIXELS, convT); // (out, N*P)
    b.sgemm(false, true, FILTERS, g.colRows(), g.colCols(), 1f, convT, 0, g.colCols(), cols, 0, g.colCols(), 0f,
        dW, 0, g.colRows());
    if (dx != null) {
      b.sgemm(true, false, g.colRows(), g.colCols(), FILTERS, 1f, w, 0, g.colRows(), convT, 0, g.colCols(), 0f,
          cols, 0, g.colCols());
      b.col2im(cols, g, dx);
    }
  }

  /** Summed loss and number of correct predictions since the last {@link #resetStatistics()}. */
  public float[] statistics() {
    return b.download(stats);
  }

  public void resetStatistics() {
    b.fill(stats, 0f);
  }

  /** The parameters in the order conv1.weight, conv1.bias, conv2.weight, conv2.bias, fc.weight, fc.bias. */
  public List<float[]> parameters() {
    return params.stream().map(b::download).toList();
  }

  @Override
  public void close() {
    for (List<DeviceTensor> l : List.of(params, grads, velocities)) {
      l.forEach(DeviceTensor::close);
    }
    for (DeviceTensor t : List.of(x, labels, cols1, cols2, convT, a1, a2, logits, dLogits, dA2, dA1, stats)) {
      t.close();
    }
  }
}
