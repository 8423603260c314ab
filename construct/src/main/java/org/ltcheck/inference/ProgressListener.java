package org.ltcheck.inference;

/**
 * Told how many samples have been processed so far. Lets a caller draw a progress bar without
 * this module depending on a progress-bar library; called from the evaluating thread only.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total) -> {};

  void processed(int done, int total);
}
