package org.ltcheck.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ltcheck.assess.TaskProgress;

/**
 * Progress bars with ETA on stderr, so that stdout stays clean for tables and JSON. One style
 * for every ltcheck command.
 */
public final class ProgressBars {
  private ProgressBars() {}

  /** A bar for {@code total} units of {@code task}; close it when done. */
  public static ProgressBar start(String task, long total) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .showSpeed()
        .build();
  }

  /** A bar for {@code total} units of {@code task}, for pipelines that report through {@link TaskProgress}. */
  public static TaskProgress task(String task, long total) {
    ProgressBar bar = start(task, total);
    return new TaskProgress() {
      @Override
      public void stepTo(long done) {
        bar.stepTo(done);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
