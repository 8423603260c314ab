package org.ltcheck.bench;

import java.util.SplittableRandom;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.GemmProfile;
import org.ltcheck.gpu.train.Optimizer;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.TrainableNetwork;

/**
 * One training step (forward, loss, backward, SGD update) of a paper architecture on a fixed
 * random batch: what the benchmarks time. The batch stays on the backend, so data loading is
 * excluded and only the network's work is measured.
 */
final class TrainingStepFixture implements AutoCloseable {
  final TrainableNetwork net;
  final GemmProfile profile;
  private final Backend backend;
  private final Optimizer optimizer;
  private final DeviceTensor x;
  private final DeviceTensor labels;
  private final DeviceTensor dLogits;
  private final DeviceTensor stats;
  final int batch;

  TrainingStepFixture(Backend backend, Architecture arch, int batch, long seed) {
    this(backend, arch, batch, seed, new GemmProfile());
  }

  TrainingStepFixture(Backend backend, Architecture arch, int batch, long seed, GemmProfile profile) {
    this.backend = backend;
    this.profile = profile;
    this.batch = batch;
    SplittableRandom rng = new SplittableRandom(seed);
    this.net = TrainableNetwork.buildProfiled(backend, arch.initialise(rng), profile);
    this.optimizer = OptimizerConfig.sgd(0.9, 1e-4).create();
    float[] images = new float[batch * net.inputSize()];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) rng.nextGaussian();
    }
    float[] lab = new float[batch];
    for (int i = 0; i < batch; i++) {
      lab[i] = rng.nextInt(net.classes());
    }
    int[] shape = net.inputShape();
    this.x = backend.upload(images, batch, shape[0], shape[1], shape[2]);
    this.labels = backend.upload(lab, batch);
    this.dLogits = backend.allocate(batch, net.classes());
    this.stats = backend.allocate(2);
  }

  /** One SGD step; returns the running loss sum so the JIT cannot drop the work. */
  float step() {
    DeviceTensor logits = net.forward(x, batch, true);
    backend.softmaxCrossEntropy(logits, labels, batch, net.classes(), dLogits, 1f / batch, stats);
    net.backward(dLogits, batch);
    optimizer.step(net.parameters(), 0.01f);
    float[] s = new float[1];
    backend.copyToHost(stats, 0, s, 0, 1);
    return s[0];
  }

  @Override
  public void close() {
    optimizer.close();
    net.close();
  }
}
