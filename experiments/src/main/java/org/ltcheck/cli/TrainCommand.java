package org.ltcheck.cli;

import java.util.concurrent.Callable;
import org.ltcheck.gpu.prune.DensitySchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ltcheck train}: dense training of a paper architecture, resumable, writing model.safetensors. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a network (writes <out>/model.safetensors with PyTorch state-dict names).")
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RunOptions options;

  @Option(names = "--epochs", defaultValue = "10", description = "training epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Override
  public Integer call() throws Exception {
    RunExecution.execute(options, epochs, new DensitySchedule(1, 0), false, spec.commandLine().getOut());
    return 0;
  }
}
