package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

class TargetReaderTest {
  @TempDir Path tmp;

  private static FloatTensor tensor(Random rnd, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  @Test
  void buildsConvStackFlattenAndLinearHeadInFileOrder() throws IOException {
    Random rnd = new Random(80);
    FloatTensor c = tensor(rnd, 6, 3, 5, 5);
    FloatTensor cb = tensor(rnd, 6);
    FloatTensor d = tensor(rnd, 4, 6, 1, 1);
    FloatTensor h1 = tensor(rnd, 7, 4 * 8 * 8);
    FloatTensor h1b = tensor(rnd, 7);
    FloatTensor h2 = tensor(rnd, 2, 7);
    Path p = tmp.resolve("t.safetensors");
    // "stem" sorts after "head" alphabetically: the file order must win.
    new SafetensorsWriter().putFloat("stem.weight", c).putFloat("stem.bias", cb).putFloat("mid.weight", d)
        .putFloat("head.weight", h1).putFloat("head.bias", h1b).putFloat("out.weight", h2).write(p);
    Activation tanh = Activation.of(ActivationKind.TANH);
    Network expected = new Network(new int[] {3, 8, 8}, List.of(
        new Conv2d(c, cb, 1, 2), tanh, new Conv2d(d, null, 1, 0), tanh,
        new Flatten(), new Linear(h1, h1b), tanh, new Linear(h2, null)));
    Network got = TargetReader.load(p, new int[] {3, 8, 8}, ActivationKind.TANH);
    assertEquals(expected, got);
    assertNull(assertInstanceOf(Linear.class, got.layers().get(7)).bias());
  }

  @Test
  void oneStemWithIndicesIsReadInIndexOrderNotFileOrder() throws IOException {
    Random rnd = new Random(83);
    FloatTensor a = tensor(rnd, 3, 1, 3, 3);
    FloatTensor b = tensor(rnd, 2, 3, 1, 1);
    FloatTensor c = tensor(rnd, 4, 2 * 5 * 5);
    Path p = tmp.resolve("seq.safetensors");
    // As safetensors.torch.save_file stores an nn.Sequential: sorted by name, so 10 before 2.
    new SafetensorsWriter().putFloat("layers.0.weight", a).putFloat("layers.10.weight", c)
        .putFloat("layers.2.weight", b).write(p);
    Activation relu = Activation.relu();
    assertEquals(new Network(new int[] {1, 5, 5}, List.of(new Conv2d(a, null, 1, 1), relu, new Conv2d(b, null, 1, 0),
        relu, new Flatten(), new Linear(c, null))), TargetReader.load(p, new int[] {1, 5, 5}, ActivationKind.RELU));
  }

  @Test
  void flatInputNeedsNoFlatten() throws IOException {
    Random rnd = new Random(81);
    Path p = tmp.resolve("mlp.safetensors");
    new SafetensorsWriter().putFloat("l1.weight", tensor(rnd, 5, 12)).putFloat("l2.weight", tensor(rnd, 3, 5)).write(p);
    Network n = TargetReader.load(p, new int[] {12}, ActivationKind.RELU);
    assertEquals(3, n.layers().size());
    assertInstanceOf(Linear.class, n.layers().get(0));
  }

  @Test
  void channelMismatchNamesTheTensor() throws IOException {
    Random rnd = new Random(82);
    Path p = tmp.resolve("mis.safetensors");
    new SafetensorsWriter().putFloat("a.weight", tensor(rnd, 6, 3, 3, 3)).putFloat("b.weight", tensor(rnd, 6, 5, 3, 3))
        .write(p);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
        () -> TargetReader.load(p, new int[] {3, 8, 8}, ActivationKind.RELU));
    assertTrue(e.getMessage().contains("'b.weight'") && e.getMessage().contains("5 input channels"), e.getMessage());
  }

  @Test
  void featureMismatchAndStrayTensorsAndBadRanksAreNamed() throws IOException {
    Random rnd = new Random(83);
    Path feat = tmp.resolve("feat.safetensors");
    new SafetensorsWriter().putFloat("a.weight", tensor(rnd, 2, 1, 3, 3)).putFloat("fc.weight", tensor(rnd, 3, 10))
        .write(feat);
    SafetensorsFormatException e1 = assertThrows(SafetensorsFormatException.class,
        () -> TargetReader.load(feat, new int[] {1, 4, 4}, ActivationKind.RELU));
    assertTrue(e1.getMessage().contains("'fc.weight'") && e1.getMessage().contains("32"), e1.getMessage());

    Path stray = tmp.resolve("stray.safetensors");
    new SafetensorsWriter().putFloat("a.weight", tensor(rnd, 2, 4)).putFloat("bn.running_mean", tensor(rnd, 2))
        .write(stray);
    SafetensorsFormatException e2 = assertThrows(SafetensorsFormatException.class,
        () -> TargetReader.load(stray, new int[] {4}, ActivationKind.RELU));
    assertTrue(e2.getMessage().contains("bn.running_mean"), e2.getMessage());

    Path rank = tmp.resolve("rank.safetensors");
    new SafetensorsWriter().putFloat("a.weight", tensor(rnd, 2, 4, 1)).write(rank);
    SafetensorsFormatException e3 = assertThrows(SafetensorsFormatException.class,
        () -> TargetReader.load(rank, new int[] {4}, ActivationKind.RELU));
    assertTrue(e3.getMessage().contains("rank 3"), e3.getMessage());
  }

  private static Path onnx(String name) throws Exception {
    return Path.of(TargetReaderTest.class.getResource("onnx/" + name).toURI());
  }

  private static Target readOnnx(String name, Optional<InputShape> input, Optional<TargetDataset> dataset,
      OptionalDouble bound) throws Exception {
    return TargetReader.readOnnx(onnx(name), name, TargetArch.Family.AUTO, input, dataset, bound);
  }

  @Test
  void anOnnxGraphOfMnistsShapeReadsMnist() throws Exception {
    Target t = readOnnx("mlp-opset17.onnx", Optional.empty(), Optional.empty(), OptionalDouble.empty());
    assertEquals(Optional.of(TargetDataset.MNIST), t.dataset());
    assertEquals(List.of("fc1", "fc2"), t.layerNames());
    assertEquals(InputShape.MNIST, t.inputShape());
    assertEquals(2, t.layers().size());
  }

  @Test
  void anOnnxGraphOfAnotherShapeNeedsADatasetOrAnInputBound() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> readOnnx("cnn-opset17.onnx", Optional.empty(), Optional.empty(), OptionalDouble.empty()));
    assertTrue(e.getMessage().contains("cnn-opset17.onnx reads 3x8x8 images, neither MNIST's 1x28x28 nor CIFAR-10's"
        + " 3x32x32 images, so its input domain is unknown: give --dataset mnist|cifar10 or --input-bound B0"),
        e.getMessage());
    Target t = readOnnx("cnn-opset17.onnx", Optional.empty(), Optional.empty(), OptionalDouble.of(2.5));
    assertEquals(Optional.empty(), t.dataset());
    assertEquals(new InputShape(3, 8, 8), t.inputShape());
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> readOnnx("cnn-opset17.onnx", Optional.empty(), Optional.of(TargetDataset.CIFAR10), OptionalDouble.empty()));
    assertTrue(wrong.getMessage().contains("--dataset cifar10 does not fit"), wrong.getMessage());
    IllegalArgumentException input = assertThrows(IllegalArgumentException.class, () -> readOnnx("cnn-opset17.onnx",
        Optional.of(new InputShape(3, 9, 9)), Optional.empty(), OptionalDouble.of(1)));
    assertTrue(input.getMessage().contains("--input 3x9x9 does not fit"), input.getMessage());
    IllegalArgumentException arch = assertThrows(IllegalArgumentException.class, () -> TargetReader.readOnnx(
        onnx("cnn-opset17.onnx"), "cnn", TargetArch.Family.CNN, Optional.empty(), Optional.empty(),
        OptionalDouble.of(1)));
    assertTrue(arch.getMessage().contains("--arch cnn does not apply to cnn, an ONNX graph"), arch.getMessage());
  }

  /** The graph imports (its forward pass is OnnxTargetTest's), but the constructions read no block after max pooling. */
  @Test
  void anOnnxResidualBlockAfterMaxPoolingIsRefusedNamingTheFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> readOnnx("convnet-opset11.onnx", Optional.empty(), Optional.empty(), OptionalDouble.of(3)));
    assertTrue(e.getMessage().startsWith("convnet-opset11.onnx: layer 4: nested residual blocks, or a block after max"
        + " pooling, are not supported"), e.getMessage());
  }

  @Test
  void anOnnxOpenLthResNetIsACifarTargetWithItsBlocks() throws Exception {
    Target t = readOnnx("resnet-opset17.onnx", Optional.empty(), Optional.empty(), OptionalDouble.empty());
    assertEquals(Optional.of(TargetDataset.CIFAR10), t.dataset());
    assertEquals(8, t.layers().size());
    assertEquals(3, t.layers().stream().filter(l -> l.hasSkip()).count());
    assertEquals("fc", t.layerNames().get(7));
  }
}
