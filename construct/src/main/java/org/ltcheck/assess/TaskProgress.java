package org.ltcheck.assess;

/**
 * Progress of one long task, in units of its total; closed when the task ends, also on failure.
 * The pipelines only report through it: the command line turns it into a progress bar, tests
 * into nothing.
 */
public interface TaskProgress extends AutoCloseable {
  /** {@code done} units of the task's total are finished. */
  void stepTo(long done);

  @Override
  void close();

  /** Reports nothing. */
  TaskProgress NONE = new TaskProgress() {
    @Override
    public void stepTo(long done) {}

    @Override
    public void close() {}
  };

  /** Starts the progress of each task of a pipeline. */
  @FunctionalInterface
  interface Tasks {
    /** Progress of {@code task}, {@code total} units. */
    TaskProgress start(String task, long total);
  }
}
