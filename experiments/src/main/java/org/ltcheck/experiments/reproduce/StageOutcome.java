package org.ltcheck.experiments.reproduce;

import java.nio.file.Path;
import java.util.List;

/**
 * How a stage ended in this invocation.
 *
 * @param stage the stage's name, e.g. {@code train} or {@code construct L+1 ε=0.01 seed 1}
 * @param reused whether a finished result of an earlier invocation was found and kept
 * @param seconds wall time the stage's work took, in the invocation that did it
 * @param outputs the stage's main output files
 */
public record StageOutcome(String stage, boolean reused, double seconds, List<Path> outputs) {
  public StageOutcome {
    outputs = List.copyOf(outputs);
  }
}
