package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.run.ModelFiles;
import org.ltcheck.gpu.train.NamedNetwork;
import picocli.CommandLine;

/** ltcheck train / prune on small synthetic data (a few batches of the real MNIST CNN). */
class TrainPruneCommandsTest {
  private record Run(int code, String out, String err) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CliErrors.install(new CommandLine(command));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void trainWritesTheTargetTensorNamesAndAJsonLinesLog(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("train.jsonl");
    Run r = run(new TrainCommand(), "--model", "mnist-cnn", "--synthetic", "64", "--batch-size", "16",
        "--epochs", "2", "--max-batches", "2", "--seed", "3", "--out", dir.toString(), "--log", log.toString(),
        "--device", "cpu");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("model.safetensors"), r.out());
    NamedNetwork skeleton = Architecture.MNIST_CNN.initialise(new java.util.SplittableRandom(0));
    NamedNetwork trained = ModelFiles.read(dir.resolve("model.safetensors"), skeleton);
    assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight", "fc.bias"),
        List.copyOf(trained.stateDict().keySet()));
    List<String> lines = Files.readAllLines(log);
    assertEquals(2, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    for (String field : List.of("epoch", "trainLoss", "testAccuracy", "imagesPerSecond")) {
      assertTrue(first.has(field), field + " missing in " + lines.get(0));
    }

    // --resume after completion runs nothing more and keeps the log.
    Run again = run(new TrainCommand(), "--model", "mnist-cnn", "--synthetic", "64", "--batch-size", "16",
        "--epochs", "3", "--max-batches", "2", "--seed", "3", "--out", dir.toString(), "--log", log.toString(),
        "--resume");
    assertEquals(2, again.code(), "a changed --epochs is another run: " + again.err());
    assertEquals(1, again.err().lines().count(), again.err());
  }

  @Test
  void pruneLogsStepAndDensity(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("prune.jsonl");
    Run r = run(new PruneCommand(), "--model", "mnist-cnn", "--synthetic", "32", "--batch-size", "16",
        "--steps", "2", "--final-density", "0.25", "--epochs-per-step", "1", "--max-batches", "1",
        "--out", dir.toString(), "--log", log.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(log);
    assertEquals(3, lines.size());
    JsonNode last = new ObjectMapper().readTree(lines.get(2));
    assertEquals(2, last.get("step").asInt());
    assertEquals(0.25, last.get("density").asDouble(), 1e-5);
    assertTrue(ModelFiles.readMasks(dir.resolve("pruned.safetensors")).containsKey("fc.weight"));
  }

  @Test
  void unavailableDeviceAndBadValuesGiveOneLineAndExitCode2(@TempDir Path dir) {
    Run cuda = run(new TrainCommand(), "--synthetic", "8", "--out", dir.toString(), "--device", "cuda");
    assertEquals(2, cuda.code());
    assertEquals(1, cuda.err().lines().count(), cuda.err());
    assertTrue(cuda.err().contains("no CUDA device: "), cuda.err());
    Run model = run(new TrainCommand(), "--model", "vgg", "--synthetic", "8", "--out", dir.toString());
    assertEquals(2, model.code());
    assertTrue(model.err().contains("'vgg'"), model.err());
    Run density = run(new PruneCommand(), "--final-density", "1.5", "--synthetic", "8", "--out", dir.toString());
    assertEquals(2, density.code());
    assertTrue(density.err().contains("1.5"), density.err());
  }
}
