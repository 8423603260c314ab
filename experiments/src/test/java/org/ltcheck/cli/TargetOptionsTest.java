package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.tensor.FloatTensor;

/**
 * Both commands that read a target share {@link TargetOptions} and its reader, so a bad target
 * is rejected by both with the same one line, exit code 2, naming the file and the tensor.
 */
class TargetOptionsTest {
  private static final List<String> COMMANDS = List.of("bounds", "construct");

  @TempDir Path dir;

  private CliRun run(String command, String... args) {
    List<String> all = new java.util.ArrayList<>(List.of(command));
    if (command.equals("construct")) {
      all.addAll(List.of("--out", dir.resolve("t.safetensors").toString(), "--images", "0"));
    }
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** Both commands reject {@code args} with one line containing every one of {@code expected}. */
  private void assertBothReject(List<String> args, String... expected) throws IOException {
    for (String command : COMMANDS) {
      CliRun r = run(command, args.toArray(String[]::new));
      assertEquals(2, r.exitCode(), command + ": " + r.out() + r.err());
      assertEquals(1, r.errLines(), r.err());
      assertTrue(r.err().startsWith("ltcheck " + command + ": error: "), r.err());
      for (String e : expected) {
        assertTrue(r.err().contains(e), () -> command + ": expected '" + e + "' in: " + r.err());
      }
      try (Stream<Path> files = Files.list(dir)) {
        assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith("t.")).count(), "no output");
      }
    }
  }

  private static FloatTensor tensor(Random rnd, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextDouble() - 0.5);
    }
    return FloatTensor.wrap(v, shape);
  }

  /** A small target with the MNIST CNN's tensor names. */
  private static SafetensorsWriter mnistNames(Random rnd) {
    return new SafetensorsWriter()
        .putFloat("conv1.weight", tensor(rnd, 2, 1, 3, 3)).putFloat("conv1.bias", tensor(rnd, 2))
        .putFloat("conv2.weight", tensor(rnd, 2, 2, 3, 3)).putFloat("conv2.bias", tensor(rnd, 2))
        .putFloat("fc.weight", tensor(rnd, 10, 2 * 28 * 28)).putFloat("fc.bias", tensor(rnd, 10));
  }

  private Path file(String name, SafetensorsWriter w) throws IOException {
    Path p = dir.resolve(name);
    w.write(p);
    return p;
  }

  @Test
  void hugeInputShapesAreRefusedBeforeAnythingOverflows() throws IOException {
    Path net = file("net.safetensors", new SafetensorsWriter().putFloat("fc.weight", tensor(new Random(1), 2, 4)));
    assertBothReject(List.of("--target", net.toString(), "--input", "1x50000x50000"),
        "input shape 1x50000x50000 has 2,500,000,000 values per image, above the limit of 2,147,483,647");
    Path conv = file("conv.safetensors", new SafetensorsWriter()
        .putFloat("c.weight", tensor(new Random(2), 64, 1, 3, 3)).putFloat("fc.weight", tensor(new Random(3), 2, 4)));
    assertBothReject(List.of("--target", conv.toString(), "--input", "1x40000x40000"),
        "layer 'c' of", "conv.safetensors", "writes 64x40000x40000", "above the limit");
  }

  @Test
  void everyTensorOfTheFileIsUsedOrReported() throws IOException {
    Random rnd = new Random(4);
    Path extra = file("extra.safetensors", mnistNames(rnd).putFloat("extra.foo", tensor(rnd, 3)));
    assertBothReject(List.of("--target", extra.toString()), "extra.safetensors", "'extra.foo'");
    Path layer = file("layer.safetensors", mnistNames(rnd).putFloat("conv3.weight", tensor(rnd, 2, 2, 3, 3)));
    assertBothReject(List.of("--target", layer.toString()), "layer.safetensors", "'conv3.weight'");
  }

  @Test
  void aUtf16HeaderIsRejected() throws IOException {
    for (var charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE)) {
      byte[] header = "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}".getBytes(charset);
      Path p = dir.resolve("utf16-" + charset.name() + ".safetensors");
      Files.write(p, ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(header.length).put(header).putFloat(0.5f).array());
      assertBothReject(List.of("--target", p.toString(), "--input", "1x1x1"), p.getFileName().toString(), "UTF-8");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoIsRefusedBeforeItIsOpened() throws IOException, InterruptedException {
    Path fifo = dir.resolve("fifo.safetensors");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor() == 0, "mkfifo is available");
    assertBothReject(List.of("--target", fifo.toString()), "fifo.safetensors", "not a regular file");
  }

  @Test
  void aDirectoryAndEmptyLayersNameThePathAndTheTensor() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("targets"));
    assertBothReject(List.of("--target", sub.toString()), sub + ": is a directory");
    Path conv = file("zero-conv.safetensors", new SafetensorsWriter()
        .putFloat("conv1.weight", FloatTensor.zeros(0, 1, 3, 3)).putFloat("fc.weight", FloatTensor.zeros(10, 784)));
    assertBothReject(List.of("--target", conv.toString()), "zero-conv.safetensors", "'conv1.weight' of shape [0, 1, 3, 3] is empty");
    Path fc = file("zero-fc.safetensors", new SafetensorsWriter().putFloat("fc.weight", FloatTensor.zeros(0, 784)));
    assertBothReject(List.of("--target", fc.toString()), "zero-fc.safetensors", "'fc.weight' of shape [0, 784] is empty");
  }

  @Test
  void anEvenKernelIsRejectedInAFileAsInALayerList() throws IOException {
    Path even = file("even.safetensors", new SafetensorsWriter()
        .putFloat("c.weight", tensor(new Random(5), 4, 1, 4, 4)).putFloat("fc.weight", tensor(new Random(6), 2, 4 * 784)));
    assertBothReject(List.of("--target", even.toString()), "even.safetensors", "'c.weight'", "even 4x4 kernel");
    CliRun spec = CliRun.of("bounds", "--arch", "conv:1-32-4");
    assertEquals(2, spec.exitCode(), spec.err());
    assertTrue(spec.err().contains("even 4x4 kernel"), spec.err());
  }

  @Test
  void siblingsInTargetReadingAreNamed() throws IOException {
    Random rnd = new Random(7);
    Path ints = file("ints.safetensors", new SafetensorsWriter().putInt("fc.weight", new int[] {1, 2}, 1, 2));
    assertBothReject(List.of("--target", ints.toString()), "ints.safetensors", "'fc.weight' has dtype I32");
    Path rank = file("rank.safetensors", new SafetensorsWriter().putFloat("fc.weight", tensor(rnd, 2, 2, 2)));
    assertBothReject(List.of("--target", rank.toString()), "rank.safetensors", "'fc.weight' has rank 3");
    Path inf = file("inf.safetensors", new SafetensorsWriter()
        .putFloat("fc.weight", FloatTensor.wrap(new float[] {1f, Float.POSITIVE_INFINITY}, 1, 2)));
    assertBothReject(List.of("--target", inf.toString(), "--input", "2x1x1"), "inf.safetensors",
        "'fc.weight' has non-finite value Infinity");
    Path orphan = file("orphan.safetensors", new SafetensorsWriter().putFloat("fc.bias", tensor(rnd, 2)));
    assertBothReject(List.of("--target", orphan.toString()), "orphan.safetensors", "'fc.bias' has no weight 'fc.weight'");
    Path square = file("square.safetensors", new SafetensorsWriter().putFloat("c.weight", tensor(rnd, 2, 1, 3, 5)));
    assertBothReject(List.of("--target", square.toString()), "'c.weight'", "3x5 kernel", "must be square");
    Path bn = file("bn.safetensors", new SafetensorsWriter()
        .putFloat("c.weight", tensor(rnd, 2, 1, 3, 3)).putFloat("bn.running_mean", tensor(rnd, 2)));
    assertBothReject(List.of("--target", bn.toString()), "'bn.running_mean'", "--arch cifar_resnet_20");

    Path negative = dir.resolve("negative.safetensors");
    Files.write(negative, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).array());
    assertBothReject(List.of("--target", negative.toString()), "negative.safetensors", "header length -5");
    Path duplicate = dir.resolve("duplicate.safetensors");
    byte[] h = ("{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
        + "\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}").getBytes(StandardCharsets.UTF_8);
    Files.write(duplicate, ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(h.length).put(h).putFloat(1f).array());
    assertBothReject(List.of("--target", duplicate.toString()), "duplicate.safetensors", "Duplicate field 'fc.weight'");
  }

  @Test
  void archMeansTheSameInBothCommands() throws IOException {
    assertBothReject(List.of("--arch", "vgg"), "--arch must be auto, cnn, cifar_resnet_20");
    assertBothReject(List.of("--target", "mnist", "--arch", "resnet20"),
        "--arch cifar_resnet_20 does not fit --target mnist, which is a cnn");
    assertBothReject(List.of("--target", "mnist", "--input", "3x32x32"), "--input 3x32x32 does not fit --target mnist");
    CliRun construct = run("construct", "--arch", "conv:1-32-3");
    assertEquals(2, construct.exitCode(), construct.err());
    assertTrue(construct.err().contains("describes layers without weights"), construct.err());
  }

  @Test
  void picklesThatWouldRunCodeAreRefusedInOneLine() throws IOException {
    Path system = dir.resolve("system.pt");
    TorchSaveFiles.writePickle(system, TorchSaveFiles.osSystemPickle());
    assertBothReject(List.of("--target", system.toString()), "system.pt", "refusing the pickle global 'os.system'");
    Path eval = dir.resolve("eval.pt");
    byte[] b = new byte[] {(byte) 0x80, 4, (byte) 0x8c, 8, 'b', 'u', 'i', 'l', 't', 'i', 'n', 's', (byte) 0x8c, 4,
        'e', 'v', 'a', 'l', (byte) 0x93, (byte) 0x8c, 3, '1', '+', '1', (byte) 0x85, 'R', '.'};
    TorchSaveFiles.writePickle(eval, b);
    assertBothReject(List.of("--target", eval.toString()), "eval.pt", "refusing the pickle global 'builtins.eval'");
    Path legacy = dir.resolve("legacy.pt");
    Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9,
        0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'});
    assertBothReject(List.of("--target", legacy.toString()), "legacy.pt", "re-save it with torch.save");
    Path truncated = dir.resolve("truncated.pt");
    Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(system), 40));
    assertBothReject(List.of("--target", truncated.toString()), "truncated.pt", "not a readable zip archive");
  }

  @Test
  void zooNamesMeanTheSameInBothCommands() throws IOException {
    assertBothReject(List.of("--arch", "cifar_vgg_12"), "--arch cifar_vgg_12: cifar_vgg depth must be 11, 13, 16 or 19");
    assertBothReject(List.of("--arch", "cifar_resnet_21"), "depth must be 6k+2");
    assertBothReject(List.of("--target", "mnist", "--arch", "cifar_resnet_32"),
        "--arch cifar_resnet_32 does not fit --target mnist, which is a cnn");
  }

  /** The importer's test graphs (construct's test resources, from experiments/scripts/make_onnx_test_graphs.py). */
  private static String onnx(String name) {
    Path p = Path.of("..", "construct", "src", "test", "resources", "org", "ltcheck", "targets", "onnx", name);
    assertTrue(Files.isRegularFile(p), p + " missing");
    return p.toString();
  }

  @Test
  void anUnsupportedOnnxOperatorIsOneLineNamingTheNode() throws IOException {
    assertBothReject(List.of("--target", onnx("unsupported-opset17.onnx")),
        "unsupported-opset17.onnx: node 1 '/Softmax' (Softmax) is not supported; supported: Conv, Gemm");
  }

  @Test
  void aTruncatedOnnxFileIsOneLine() throws IOException {
    assertBothReject(List.of("--target", onnx("truncated.onnx")),
        "truncated.onnx: not a readable ONNX model (truncated or not protobuf");
  }

  @Test
  void anOnnxGraphOfNoKnownDatasetNeedsAnInputBound() throws IOException {
    assertBothReject(List.of("--target", onnx("cnn-opset17.onnx")), "its input domain is unknown: give --dataset"
        + " mnist|cifar10 or --input-bound B0");
    CliRun r = CliRun.of("bounds", "--target", onnx("cnn-opset17.onnx"), "--input-bound", "2", "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("\"inputBound\" : 2.0"), r.out());
    CliRun c = run("construct", "--target", onnx("cnn-opset17.onnx"), "--input-bound", "2");
    assertEquals(2, c.exitCode(), c.err());
    assertTrue(c.err().contains("3x8x8 inputs, which are no known data set's images"), c.err());
  }

  @Test
  void boundsReadsAnOnnxGraph() {
    CliRun r = CliRun.of("bounds", "--target", onnx("mlp-opset11.onnx"));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("fc1") && r.out().contains("fc2"), r.out());
    CliRun bad = CliRun.of("bounds", "--target", onnx("mlp-opset11.onnx"), "--input-bound", "-1");
    assertEquals(2, bad.exitCode(), bad.err());
    assertTrue(bad.err().contains("--input-bound = -1.0 must be a non-negative finite number"), bad.err());
  }

  /** The MNIST-shaped test MLP (784-32-10): a certified 2L ticket, then certify reads the same graph. */
  @Test
  void constructAndCertifyReadAnOnnxGraph() {
    Path ticket = dir.resolve("onnx-ticket.safetensors");
    CliRun c = CliRun.of("construct", "--target", onnx("mlp-opset17.onnx"), "--construction", "2L", "--images", "0",
        "--no-output-certificate", "--out", ticket.toString());
    assertEquals(0, c.exitCode(), c.err());
    assertTrue(c.out().contains("certificate          VALID"), c.out());
    CliRun v = CliRun.of("certify", "--ticket", ticket.toString(), "--target", onnx("mlp-opset17.onnx"), "--images",
        "0", "--report", dir.resolve("onnx.certify.json").toString());
    assertEquals(0, v.exitCode(), v.err());
    assertTrue(v.out().contains("output certificate   certified"), v.out());
  }
}
