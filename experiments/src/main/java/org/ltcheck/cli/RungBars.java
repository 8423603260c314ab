package org.ltcheck.cli;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.ltcheck.assess.ToleranceSearch;

/** Two progress bars per rung of a tolerance search: its construction and its calibration pass. */
final class RungBars implements ToleranceSearch.Listener, AutoCloseable {
  private final long total;
  private ProgressBar bar;
  private double eta;
  private boolean calibrating;

  RungBars(long total) {
    this.total = total;
  }

  @Override
  public void constructing(double eta) {
    close();
    this.eta = eta;
    calibrating = false;
    bar = ProgressBars.start("construct eta=" + eta, total);
  }

  @Override
  public void calibrating(int images, int total) {
    if (!calibrating) {
      close();
      calibrating = true;
      bar = ProgressBars.start("calibrate eta=" + eta, total);
    }
    bar.stepTo(images);
  }

  @Override
  public void constructed(long channels) {
    bar.stepTo(channels);
  }

  @Override
  public void finished(ToleranceSearch.Step step) {
    bar.setExtraMessage(String.format(Locale.ROOT, " agreement %.2f%%", 100 * step.agreement()));
    close();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
