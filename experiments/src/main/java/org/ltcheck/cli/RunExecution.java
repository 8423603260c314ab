package org.ltcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.Backends;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.prune.DensitySchedule;
import org.ltcheck.gpu.run.EpochRecord;
import org.ltcheck.gpu.run.RunConfig;
import org.ltcheck.gpu.run.RunListener;
import org.ltcheck.gpu.run.TrainingRun;
import org.ltcheck.gpu.train.Seeds;

/** What {@code train} and {@code prune} share: building the run, progress bars, the log. */
final class RunExecution {
  private RunExecution() {}

  static TrainingRun.Result execute(RunOptions o, int epochsPerStep, DensitySchedule pruning, boolean rewind, PrintWriter out)
      throws IOException {
    Architecture arch = o.architecture();
    RunConfig config = new RunConfig(arch.cliName() + "/" + o.dataLabel(), epochsPerStep, o.batchSize, o.schedule(),
        o.optimizerConfig(), o.seed, o.maxBatches, pruning, rewind);
    TrainingData data = TrainingData.load(arch, o);
    TrainingRun run = new TrainingRun(config, arch.initialise(Seeds.derive(o.seed, Seeds.Purpose.INIT, 0)), o.out);
    try (Backend backend = Backends.create(o.deviceChoice(), o.threads)) {
      Progress progress = new Progress(o.log, config.prunes(), o.resume);
      try {
        TrainingRun.Result r = run.run(backend, data.train(), data.test(), o.resume, progress);
        EpochRecord last = r.last();
        out.printf(Locale.ROOT, "wrote %s%s on %s%n", r.modelFile(), last == null ? "" : String.format(Locale.ROOT,
            " (epoch %d, density %.4f, test accuracy %.2f%%)", last.epoch(), last.density(), 100 * last.testAccuracy()),
            backend.name());
        return r;
      } finally {
        progress.close();
      }
    }
  }

  /** Progress bar per epoch (loss, accuracy, ETA on stderr) and the JSON Lines log. */
  private static final class Progress implements RunListener {
    private final Path logPath;
    private final boolean pruning;
    private final boolean resume;
    private EpochLog log;
    private ProgressBar bar;

    Progress(Path logPath, boolean pruning, boolean resume) {
      this.logPath = logPath;
      this.pruning = pruning;
      this.resume = resume;
    }

    @Override
    public void epochStarted(int epoch, int step, int batches) {
      if (log == null && logPath != null) {
        log = EpochLog.open(logPath, pruning, resume, epoch);
      }
      close();
      bar = ProgressBars.start(pruning ? "step " + step + " epoch " + epoch : "epoch " + epoch, batches);
    }

    @Override
    public void batchDone(int batch, int batches, double meanLoss, double accuracy) {
      bar.stepTo(batch);
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.2f%%", meanLoss, 100 * accuracy));
    }

    @Override
    public void epochDone(EpochRecord r) {
      bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f test %.2f%%", r.trainLoss(), 100 * r.testAccuracy()));
      close();
      if (log != null) {
        log.append(r);
      }
    }

    void close() {
      if (bar != null) {
        bar.close();
        bar = null;
      }
    }
  }
}
