package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.run.Checkpoint;
import org.ltcheck.gpu.run.ModelFiles;
import org.ltcheck.gpu.run.TrainingRun;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.tensor.FloatTensor;
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

  @Test
  void hugeLearningRateStopsWithOneLineNamingEpochAndLoss(@TempDir Path dir) {
    // Four batches: the loss itself turns NaN. One batch: only the test loss and the weights show it.
    for (String batches : List.of("4", "1")) {
      Path out = dir.resolve("b" + batches);
      Run r = run(new TrainCommand(), "--synthetic", "64", "--batch-size", "16", "--epochs", "2", "--max-batches",
          batches, "--lr", "1e30", "--out", out.toString(), "--device", "cpu");
      assertEquals(2, r.code(), r.out() + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains("diverged in epoch 1") && r.err().contains("1.0E30"), r.err());
      assertTrue(!Files.exists(out.resolve("model.safetensors")), "no diverged model may be written");
    }
  }

  private static final String[] SHORT_RUN = {"--synthetic", "32", "--batch-size", "16", "--epochs", "2",
      "--max-batches", "1", "--device", "cpu", "--out"};

  private static String[] withOut(Path dir, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of(SHORT_RUN));
    a.add(dir.toString());
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** A finished two-epoch run whose checkpoint is replaced by {@code edit} of it, claiming one epoch done. */
  private static Path tamperedCheckpoint(Path dir, java.util.function.UnaryOperator<Checkpoint> edit) throws Exception {
    assertEquals(0, run(new TrainCommand(), withOut(dir)).code());
    Path file = dir.resolve(TrainingRun.CHECKPOINT);
    Checkpoint cp = Checkpoint.read(file);
    Checkpoint halfway = new Checkpoint(1, cp.optimizerSteps() / 2, cp.fingerprint(), cp.model(), cp.optimizerState(),
        cp.masks());
    edit.apply(halfway).write(file);
    return file;
  }

  private static Checkpoint withModelTensor(Checkpoint cp, String name, FloatTensor t) {
    Map<String, FloatTensor> model = new java.util.HashMap<>(cp.model());
    model.put(name, t);
    return new Checkpoint(cp.completedEpochs(), cp.optimizerSteps(), cp.fingerprint(), model, cp.optimizerState(),
        cp.masks());
  }

  private static void assertResumeRefused(Path dir, Path checkpoint, String... expected) throws Exception {
    byte[] model = Files.readAllBytes(dir.resolve(TrainingRun.MODEL));
    Run r = run(new TrainCommand(), withOut(dir, "--resume"));
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains(checkpoint.toString()), r.err());
    for (String e : expected) {
      assertTrue(r.err().contains(e), e + " missing in " + r.err());
    }
    assertArrayEquals(model, Files.readAllBytes(dir.resolve(TrainingRun.MODEL)), "the model file is untouched");
  }

  @Test
  void resumeRefusesACheckpointWithANaNWeight(@TempDir Path dir) throws Exception {
    Path file = tamperedCheckpoint(dir, cp -> {
      float[] w = cp.model().get("conv1.weight").toArray();
      w[5] = Float.NaN;
      return withModelTensor(cp, "conv1.weight", FloatTensor.of(w, cp.model().get("conv1.weight").shape()));
    });
    assertResumeRefused(dir, file, "'model/conv1.weight'", "NaN", "index 5");
  }

  @Test
  void resumeRefusesATensorOfTheWrongShapeEvenWithTheRightSize(@TempDir Path dir) throws Exception {
    Path file = tamperedCheckpoint(dir, cp -> {
      FloatTensor w = cp.model().get("fc.weight");
      return withModelTensor(cp, "fc.weight", w.reshape(w.shape()[1], w.shape()[0]));
    });
    assertResumeRefused(dir, file, "'model/fc.weight'", "shape");
  }

  @Test
  void resumeRefusesNegativeOrExcessiveEpochCounts(@TempDir Path dir) throws Exception {
    for (int epochs : new int[] {-5, 3}) {
      Path run = dir.resolve("e" + epochs);
      Path file = tamperedCheckpoint(run, cp -> new Checkpoint(epochs, cp.optimizerSteps(), cp.fingerprint(),
          cp.model(), cp.optimizerState(), cp.masks()));
      assertResumeRefused(run, file, "completed_epochs = " + epochs);
    }
  }

  @Test
  void finalDensityThatWouldEmptyALayerIsRefusedNamingTheSmallestUsefulOne(@TempDir Path dir) {
    Run r = run(new PruneCommand(), "--synthetic", "32", "--batch-size", "16", "--steps", "2", "--final-density",
        "1e-300", "--epochs-per-step", "1", "--max-batches", "1", "--out", dir.toString(), "--device", "cpu");
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("1.0E-300") && r.err().contains("smallest final density"), r.err());
    assertTrue(!Files.exists(dir.resolve(TrainingRun.PRUNED)) && !Files.exists(dir.resolve(TrainingRun.CHECKPOINT)),
        "nothing is trained or written");
  }

  @Test
  void infiniteScheduleAndDecayValuesAndHugeBatchesAreBadInput(@TempDir Path dir) {
    for (String[] bad : List.of(new String[] {"--gamma", "Infinity"}, new String[] {"--weight-decay", "Infinity"},
        new String[] {"--lr", "NaN"}, new String[] {"--lr", "-0.1"})) {
      Run r = run(new TrainCommand(), withOut(dir.resolve(bad[0].substring(2)), bad));
      assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().contains(bad[1]), r.err());
    }
    Run huge = run(new TrainCommand(), "--synthetic", "32", "--batch-size", "2000000000", "--epochs", "1",
        "--device", "cpu", "--out", dir.toString());
    assertEquals(2, huge.code(), huge.err());
    assertEquals(1, huge.err().lines().count(), huge.err());
    assertTrue(huge.err().contains("2000000000"), huge.err());
  }

  @Test
  void epochCountsThatOverflowAndThreadCountsNoPoolHasAreBadInput(@TempDir Path dir) {
    Run epochs = run(new PruneCommand(), "--synthetic", "32", "--steps", "1", "--epochs-per-step", "1500000000",
        "--device", "cpu", "--out", dir.resolve("epochs").toString());
    assertEquals(2, epochs.code(), epochs.out() + epochs.err());
    assertEquals(1, epochs.err().lines().count(), epochs.err());
    assertTrue(epochs.err().contains("1500000000"), epochs.err());
    assertTrue(!Files.exists(dir.resolve("epochs").resolve(TrainingRun.PRUNED)), "no untrained model is written");
    Run threads = run(new TrainCommand(), "--synthetic", "32", "--threads", "100000", "--device", "cpu",
        "--out", dir.resolve("threads").toString());
    assertEquals(2, threads.code(), threads.err());
    assertEquals(1, threads.err().lines().count(), threads.err());
    assertTrue(threads.err().contains("100000"), threads.err());
  }

  /** Zoo models train through the one zoo definition, and construct reads the result under the same name. */
  @Test
  void zooModelsTrainOneTinyStepAndTheirFilesAreTargetsUnderTheSameName(@TempDir Path dir) throws Exception {
    for (String model : List.of("cifar_resnet_8", "mnist_lenet_20")) {
      Path out = dir.resolve(model);
      Run r = run(new TrainCommand(), "--model", model, "--synthetic", "8", "--batch-size", "4", "--epochs", "1",
          "--max-batches", "1", "--seed", "2", "--out", out.toString(), "--device", "cpu", "--threads", "1");
      assertEquals(0, r.code(), model + ": " + r.err());
      NamedNetwork skeleton = Architecture.parse(model).initialise(new java.util.SplittableRandom(0));
      NamedNetwork trained = ModelFiles.read(out.resolve("model.safetensors"), skeleton);
      assertTrue(trained.stateDict().containsKey(model.startsWith("mnist") ? "fc_layers.0.weight" : "blocks.2.shortcut.0.weight"));
      CliRun bounds = CliRun.of("bounds", "--target", out.resolve("model.safetensors").toString(), "--arch", model, "--json");
      assertEquals(0, bounds.exitCode(), model + ": " + bounds.err());
    }
  }

  /** A VGG trains with max pooling in the backends; a bad zoo name is one line saying what is wrong. */
  @Test
  void aVggTrainsOneTinyStepAndABadZooNameIsOneLine(@TempDir Path dir) throws Exception {
    Run r = run(new TrainCommand(), "--model", "cifar_vgg_11", "--synthetic", "4", "--batch-size", "2", "--epochs", "1",
        "--max-batches", "1", "--out", dir.toString(), "--device", "cpu", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    NamedNetwork skeleton = Architecture.parse("cifar_vgg_11").initialise(new java.util.SplittableRandom(0));
    assertTrue(ModelFiles.read(dir.resolve("model.safetensors"), skeleton).stateDict().containsKey("layers.11.bn.running_var"));
    Run bad = run(new TrainCommand(), "--model", "cifar_resnet_10", "--out", dir.toString());
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("unknown model 'cifar_resnet_10': cifar_resnet depth must be 6k+2"), bad.err());
  }
}
