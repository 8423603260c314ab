package org.ltcheck.cli;

import java.util.concurrent.Callable;
import org.ltcheck.gpu.prune.DensitySchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ltcheck prune}: iterative global magnitude pruning with exponentially annealed density
 * (E dense epochs, then K steps of prune-and-train), writing pruned-step-KK.safetensors and
 * pruned.safetensors (effective weights plus masks).
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Train and prune with annealed global magnitude pruning (writes <out>/pruned.safetensors).")
public final class PruneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunOptions options;

  @Option(names = "--steps", defaultValue = "12", description = "pruning steps K (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--final-density", defaultValue = "0.1", description = "density after the last step (default: ${DEFAULT-VALUE})")
  double finalDensity;

  @Option(names = "--epochs-per-step", defaultValue = "50", description = "training epochs before pruning and after each step (default: ${DEFAULT-VALUE})")
  int epochsPerStep;

  @Option(names = "--rewind", description = "reset surviving weights to their initial values after each pruning step")
  boolean rewind;

  @Override
  public Integer call() throws Exception {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, got " + steps + " (use 'ltcheck train' for dense training)");
    }
    RunExecution.execute(options, epochsPerStep, new DensitySchedule(finalDensity, steps), rewind, spec.commandLine().getOut());
    return 0;
  }
}
