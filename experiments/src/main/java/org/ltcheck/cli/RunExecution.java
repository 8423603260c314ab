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
import org.ltcheck.gpu.train.Seeds;

/** What {@code train} and {@code prune} share: building the run, progress bars, the log. */
final class RunExecution {
  private RunExecution() {}

  static TrainingRun.Result execute(RunOptions o, int epochsPerStep, DensitySchedule pruning, boolean rewind, PrintWriter out)
      throws IOException {
    Architecture arch = o.architecture();
    RunConfig config = new RunConfig(arch.runLabel() + "/" + o.dataLabel(), epochsPerStep, o.batchSize, o.schedule(),
        o.optimizerConfig(), o.seed, o.maxBatches, pruning, rewind);
    TrainingSets data = TrainingSets.load(arch, o.dataDir, o.synthetic, o.seed);
    TrainingRun run = new TrainingRun(config, arch.initialise(Seeds.derive(o.seed, Seeds.Purpose.INIT, 0)), o.out);
    try (Backend backend = Backends.create(o.deviceChoice(), o.threads);
        TrainingProgress progress = new TrainingProgress(o.log, config.prunes(), o.resume)) {
      TrainingRun.Result r = run.run(backend, data.train(), data.test(), o.resume, progress);
      EpochRecord last = r.last();
      out.printf(Locale.ROOT, "wrote %s%s on %s%n", r.modelFile(), last == null ? "" : String.format(Locale.ROOT,
          " (epoch %d, density %.4f, test accuracy %.2f%%)", last.epoch(), last.density(), 100 * last.testAccuracy()),
          backend.name());
      return r;
    }
  }
}
