package org.ltcheck.cli;

import java.nio.file.Path;
import org.ltcheck.gpu.backend.Device;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.StepSchedule;
import picocli.CommandLine.Option;

/** Options shared by {@code ltcheck train} and {@code ltcheck prune}. */
final class RunOptions {
  @Option(names = "--model", defaultValue = "mnist-cnn", description = "mnist-cnn or an open_lth zoo model: mnist_lenet_N[_M...] (e.g. mnist_lenet_300_100),"
      + " cifar_resnet_D[_W] (D = 6k+2, e.g. cifar_resnet_20, also resnet20, resnet22; cifar_resnet_32),"
      + " cifar_vgg_11|13|16|19; MNIST or CIFAR-10 by the model's input (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--batch-size", defaultValue = "64", description = "mini-batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.01", description = "initial learning rate (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adam (default: ${DEFAULT-VALUE})")
  String optimizer;

  @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(names = "--weight-decay", defaultValue = "1e-4", description = "L2 weight decay (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(names = "--milestones", split = ",", description = "epochs (within a training phase) at which the learning rate is multiplied by --gamma")
  int[] milestones = new int[0];

  @Option(names = "--gamma", defaultValue = "0.1", description = "learning-rate factor at each milestone (default: ${DEFAULT-VALUE})")
  double gamma;

  @Option(names = "--seed", defaultValue = "0", description = "run seed: initialisation, data order, augmentation (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "output directory (checkpoint and model files)")
  Path out;

  @Option(names = "--log", description = "JSON Lines log, one object per epoch")
  Path log;

  @Option(names = "--resume", description = "continue from <out>/checkpoint.safetensors if present")
  boolean resume;

  @Option(names = "--data-dir", description = "directory with (or for) the data set files")
  Path dataDir;

  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or cuda (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--threads", defaultValue = "0", description = "CPU threads, 0 = all cores (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--max-batches", defaultValue = "0", description = "at most N batches per epoch, 0 = all (smoke runs)")
  int maxBatches;

  @Option(names = "--synthetic", defaultValue = "0",
      description = "train on N generated examples of the model's input shape instead of the real data (tests, smoke runs)")
  int synthetic;

  Architecture architecture() {
    return Architecture.parse(model);
  }

  Device deviceChoice() {
    return Device.parse(device);
  }

  OptimizerConfig optimizerConfig() {
    return switch (OptimizerConfig.Kind.parse(optimizer)) {
      case SGD -> OptimizerConfig.sgd(momentum, weightDecay);
      case ADAM -> OptimizerConfig.adam(weightDecay);
    };
  }

  StepSchedule schedule() {
    return new StepSchedule(lr, milestones, gamma);
  }

  /** Settings that identify the data, for the run fingerprint. */
  String dataLabel() {
    return synthetic > 0 ? "synthetic(" + synthetic + ")" : "real";
  }
}
