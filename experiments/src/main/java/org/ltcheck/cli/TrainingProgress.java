package org.ltcheck.cli;

import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.ltcheck.experiments.reproduce.ReproductionListener;
import org.ltcheck.gpu.run.EpochRecord;

/**
 * How every ltcheck command shows a {@link org.ltcheck.gpu.run.TrainingRun}: a progress bar per
 * epoch (loss, accuracy, ETA on stderr) and, when a log file is given, the JSON Lines
 * {@link EpochLog}; a {@link org.ltcheck.gpu.run.RunListener} that is closed when the run ends. Shared by {@code train}, {@code prune} and {@code reproduce} so that their
 * logs have one format. Call {@link #close} when the run ends, also on failure.
 */
final class TrainingProgress implements ReproductionListener.TrainingMonitor {
  private final Path logPath;
  private final boolean pruning;
  private final boolean resume;
  private EpochLog log;
  private ProgressBar bar;

  /**
   * @param logPath JSON Lines log, or null for none
   * @param pruning whether the run prunes (the log then records step and density)
   * @param resume whether the run continues a checkpoint (the log then keeps the earlier epochs)
   */
  TrainingProgress(Path logPath, boolean pruning, boolean resume) {
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

  /** Closes the current epoch's bar, if any. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
