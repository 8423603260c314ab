package org.ltcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.Backends;
import org.ltcheck.gpu.data.TrainingSets;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.prune.DensitySchedule;
import org.ltcheck.gpu.run.EpochRecord;
import org.ltcheck.gpu.run.RunConfig;
import org.ltcheck.gpu.run.TrainingRun;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.gpu.train.Seeds;
import org.ltcheck.gpu.train.TrainableNetwork;

/** What {@code train} and {@code prune} share: building the run, progress bars, the log. */
final class RunExecution {
  private RunExecution() {}

  static TrainingRun.Result execute(RunOptions o, int epochsPerStep, DensitySchedule pruning, boolean rewind, PrintWriter out)
      throws IOException {
    Architecture arch = o.architecture();
    RunConfig config = new RunConfig(arch.runLabel() + "/" + o.dataLabel(), epochsPerStep, o.batchSize, o.schedule(),
        o.optimizerConfig(), o.seed, o.maxBatches, pruning, rewind);
    NamedNetwork initial = arch.initialise(Seeds.derive(o.seed, Seeds.Purpose.INIT, 0));
    try (Backend backend = Backends.create(o.deviceChoice(), o.threads)) {
      requireTrainable(arch, initial, backend);
      TrainingSets data = TrainingSets.load(arch, o.dataDir, o.synthetic, o.seed);
      return run(new TrainingRun(config, initial, o.out), config, backend, data, o, out);
    }
  }

  /**
   * A model with a layer the backend cannot train (max pooling, until the backends have it) fails
   * here in one line, before the data set is read.
   */
  private static void requireTrainable(Architecture arch, NamedNetwork initial, Backend backend) {
    try (TrainableNetwork probe = TrainableNetwork.build(backend, initial)) {
      // built and released: every layer has a trainable module on this backend
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--model " + arch.cliName() + " cannot be trained on " + backend.name()
          + ": " + e.getMessage(), e);
    }
  }

  private static TrainingRun.Result run(TrainingRun run, RunConfig config, Backend backend, TrainingSets data,
      RunOptions o, PrintWriter out) throws IOException {
    try (TrainingProgress progress = new TrainingProgress(o.log, config.prunes(), o.resume)) {
      TrainingRun.Result r = run.run(backend, data.train(), data.test(), o.resume, progress);
      EpochRecord last = r.last();
      out.printf(Locale.ROOT, "wrote %s%s on %s%n", r.modelFile(), last == null ? "" : String.format(Locale.ROOT,
          " (epoch %d, density %.4f, test accuracy %.2f%%)", last.epoch(), last.density(), 100 * last.testAccuracy()),
          backend.name());
      return r;
    }
  }
}
