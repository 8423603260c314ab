package org.ltcheck.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

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
}
