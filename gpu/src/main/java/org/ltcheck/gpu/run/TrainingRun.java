package org.ltcheck.gpu.run;

import java.io.IOException;
import java.nio.file.Files;
import org.ltcheck.io.AtomicFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.data.ImageData;
import org.ltcheck.gpu.prune.MagnitudePruner;
import org.ltcheck.gpu.prune.Masks;
import org.ltcheck.gpu.train.EpochResult;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.gpu.train.Optimizer;
import org.ltcheck.gpu.train.Parameter;
import org.ltcheck.gpu.train.TrainableNetwork;
import org.ltcheck.gpu.train.Trainer;
import org.ltcheck.gpu.train.TrainingDivergedException;
import org.ltcheck.tensor.FloatTensor;

/**
 * Training with iterative magnitude pruning and exponentially annealed density, resumable after
 * any epoch. The run is a pure function of its {@link RunConfig}, the initial network and the
 * data: a run resumed from its checkpoint ends with the same weights and masks, bit for bit, as
 * one that was never interrupted (on the same backend and thread count).
 *
 * <p>Files in the output directory: {@code checkpoint.safetensors} (after every epoch),
 * {@code model.safetensors} (plain training) or {@code pruned-step-K.safetensors} after each
 * pruning step and {@code pruned.safetensors} (the last step), see {@link ModelFiles}.
 */
public final class TrainingRun {
  public static final String CHECKPOINT = "checkpoint.safetensors";
  public static final String MODEL = "model.safetensors";
  public static final String PRUNED = "pruned.safetensors";

  private final RunConfig config;
  private final NamedNetwork initial;
  private final Path outDir;

  /** The final state of a run. */
  public record Result(NamedNetwork network, Map<String, float[]> masks, EpochRecord last, Path modelFile) {}

  public TrainingRun(RunConfig config, NamedNetwork initial, Path outDir) {
    this.config = config;
    this.initial = initial;
    this.outDir = outDir;
  }

  /** File name of the model saved after pruning step {@code step} (0: the dense phase). */
  public static String stepModelName(int step) {
    return String.format(Locale.ROOT, "pruned-step-%02d.safetensors", step);
  }

  public Path checkpointFile() {
    return outDir.resolve(CHECKPOINT);
  }

  /**
   * Runs (or, with {@code resume} and an existing checkpoint, continues) the run.
   *
   * @throws IllegalArgumentException if the checkpoint belongs to a run with other settings
   */
  public Result run(Backend backend, ImageData train, ImageData test, boolean resume, RunListener listener)
      throws IOException {
    Files.createDirectories(outDir);
    // A run killed during a write left its temp files; nothing reads them, so they go before anything else.
    AtomicFiles.removeStaleTempsUnder(outDir);
    Optimizer optimizer = config.optimizer().create();
    try (TrainableNetwork net = TrainableNetwork.build(backend, initial)) {
      Map<String, float[]> masks = new LinkedHashMap<>();
      int start = 0;
      requireKeepsEveryLayer(net);
      if (resume && Files.exists(checkpointFile())) {
        Checkpoint cp = Checkpoint.read(checkpointFile());
        if (!config.fingerprint().equals(cp.fingerprint())) {
          throw new IllegalArgumentException(checkpointFile() + " was written by a run with other settings: "
              + cp.fingerprint() + " (this run: " + config.fingerprint() + ")");
        }
        cp.requireFits(checkpointFile(), config.totalEpochs(), shapes(net.stateDict(), FloatTensor::shape),
            shapes(optimizer.state(net.parameters()), DeviceTensor::shape), prunableSizes(net));
        restore(net, optimizer, cp, masks);
        start = cp.completedEpochs();
      }
      EpochRecord last = null;
      int e0 = config.epochsPerStep();
      for (int g = start; g < config.totalEpochs(); g++) {
        int step = g / e0;
        int epochInStep = g % e0;
        if (epochInStep == 0 && step > 0) {
          masks = pruneStep(net, masks, step);
          optimizer.close();
          optimizer = config.optimizer().create();
        }
        double density = masks.isEmpty() ? 1.0 : Masks.density(masks);
        try (Trainer trainer = new Trainer(net, optimizer, config.batchSize())) {
          int batches = trainer.batchesPerEpoch(train.size(), config.maxBatches());
          listener.epochStarted(g + 1, step, batches);
          float lr = (float) config.schedule().lr(epochInStep);
          EpochResult tr = trainer.trainEpoch(train, config.seed(), g, lr, config.maxBatches(), listener::batchDone);
          EpochResult te = trainer.evaluate(test, config.maxBatches());
          if (!Double.isFinite(te.loss())) {
            throw new TrainingDivergedException("training diverged in epoch " + (g + 1) + ": the test loss is "
                + te.loss() + " at learning rate " + lr + "; lower the learning rate");
          }
          last = new EpochRecord(g + 1, step, density, lr, tr.loss(), tr.accuracy(), te.loss(), te.accuracy(),
              tr.imagesPerSecond(), tr.seconds() + te.seconds());
        }
        checkpoint(net, optimizer, masks, g + 1).write(checkpointFile());
        listener.epochDone(last);
        if (epochInStep == e0 - 1 && config.prunes()) {
          Path file = outDir.resolve(stepModelName(step));
          ModelFiles.write(file, net.export(), masks, metadata(last, step, density));
          listener.stepDone(step, density, file);
        }
      }
      NamedNetwork result = net.export();
      Path file = outDir.resolve(config.prunes() ? PRUNED : MODEL);
      Map<String, String> meta = last == null ? Map.of("note", "run was already complete")
          : metadata(last, last.step(), last.density());
      ModelFiles.write(file, result, masks, meta);
      return new Result(result, masks, last, file);
    } finally {
      optimizer.close();
    }
  }

  private Map<String, float[]> pruneStep(TrainableNetwork net, Map<String, float[]> masks, int step) {
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (Parameter p : net.prunable()) {
      weights.put(p.name(), net.backend().download(p.value()));
    }
    double density = config.pruning().density(step);
    Map<String, float[]> next = MagnitudePruner.prune(weights, masks.isEmpty() ? null : masks, density);
    for (Map.Entry<String, float[]> e : next.entrySet()) {
      if (Masks.kept(e.getValue()) == 0) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "pruning step %d to density %.4g would remove every weight of %s; choose a larger final density",
            step, density, e.getKey()));
      }
    }
    if (config.rewind()) {
      net.loadStateDict(initial.stateDict());
    }
    for (Parameter p : net.prunable()) {
      p.setMask(next.get(p.name()));
    }
    return next;
  }

  private Checkpoint checkpoint(TrainableNetwork net, Optimizer optimizer, Map<String, float[]> masks, int epochs) {
    Map<String, FloatTensor> opt = new HashMap<>();
    for (Map.Entry<String, DeviceTensor> e : optimizer.state(net.parameters()).entrySet()) {
      opt.put(e.getKey(), net.backend().downloadTensor(e.getValue()));
    }
    Map<String, FloatTensor> model = net.stateDict();
    requireFinite(model, epochs);
    requireFinite(opt, epochs);
    return new Checkpoint(epochs, optimizer.steps(), config.fingerprint(), model, opt, masks);
  }

  /** A diverged run must not overwrite its last good checkpoint or write a model. */
  private static void requireFinite(Map<String, FloatTensor> tensors, int epoch) {
    for (Map.Entry<String, FloatTensor> e : new java.util.TreeMap<>(tensors).entrySet()) {
      int bad = e.getValue().firstNonFinite();
      if (bad >= 0) {
        throw new TrainingDivergedException("training diverged in epoch " + epoch + ": " + e.getKey() + " holds "
            + e.getValue().get(bad) + " at index " + bad + "; lower the learning rate");
      }
    }
  }

  /**
   * Global pruning to the final density keeps round(d·N) of the N prunable weights; fewer than
   * one per prunable tensor is certain to remove every weight of some layer, so such a density
   * is refused before any training, with the smallest density that can still keep a weight in
   * each ({@link #pruneStep} checks the actual masks).
   */
  private void requireKeepsEveryLayer(TrainableNetwork net) {
    if (!config.prunes()) {
      return;
    }
    long total = 0;
    for (Parameter p : net.prunable()) {
      total += p.value().size();
    }
    int layers = net.prunable().size();
    double d = config.pruning().finalDensity();
    if (Math.round(d * total) < layers) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "final density %s keeps %d of the %d prunable weights, fewer than one for each of the %d prunable tensors;"
              + " the smallest final density that can keep one weight in each is %.3g",
          d, Math.round(d * total), total, layers, (double) layers / total));
    }
  }

  private static <T> Map<String, int[]> shapes(Map<String, T> tensors, java.util.function.Function<T, int[]> shape) {
    Map<String, int[]> out = new HashMap<>();
    tensors.forEach((k, v) -> out.put(k, shape.apply(v)));
    return out;
  }

  private static Map<String, Integer> prunableSizes(TrainableNetwork net) {
    Map<String, Integer> out = new HashMap<>();
    for (Parameter p : net.prunable()) {
      out.put(p.name(), p.value().size());
    }
    return out;
  }

  private static void restore(TrainableNetwork net, Optimizer optimizer, Checkpoint cp, Map<String, float[]> masks) {
    net.loadStateDict(cp.model());
    Map<String, DeviceTensor> state = optimizer.state(net.parameters());
    for (Map.Entry<String, FloatTensor> e : cp.optimizerState().entrySet()) {
      DeviceTensor t = state.get(e.getKey());
      if (t == null || t.size() != e.getValue().size()) {
        throw new IllegalArgumentException("checkpoint optimizer state '" + e.getKey() + "' does not fit this optimizer");
      }
      net.backend().copyFromHost(e.getValue().toArray(), 0, t, 0, t.size());
    }
    optimizer.setSteps(cp.optimizerSteps());
    masks.putAll(cp.masks());
    for (Map.Entry<String, float[]> e : cp.masks().entrySet()) {
      net.parameter(e.getKey()).setMask(e.getValue());
    }
  }

  private static Map<String, String> metadata(EpochRecord r, int step, double density) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("step", Integer.toString(step));
    m.put("density", Double.toString(density));
    m.put("epoch", Integer.toString(r.epoch()));
    m.put("test_accuracy", Double.toString(r.testAccuracy()));
    m.put("train_loss", Double.toString(r.trainLoss()));
    return m;
  }
}
