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

  private static TargetRequest request(Path file, String arch) {
    return new TargetRequest(java.util.Optional.of(file.toString()), TargetArch.parse(arch), java.util.Optional.empty(),
        ActivationKind.RELU, java.util.Optional.empty());
  }

  private Path torchResource(String name) throws IOException {
    return org.ltcheck.io.torch.TorchTestFiles.copy(tmp, name);
  }

  /** The logits ltcheck computes for the recorded input batch match PyTorch's to 1e-5 of their largest. */
  private void assertReproducesPyTorch(Target t, String recording) throws IOException {
    com.fasterxml.jackson.databind.JsonNode r;
    try (java.io.InputStream in = org.ltcheck.io.torch.TorchTestFiles.open(recording)) {
      r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
    }
    int[] image = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(r.get("input_shape"), int[].class);
    float[] x = new float[r.get("inputs").size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.get("inputs").get(i).asDouble();
    }
    int batch = Math.toIntExact(x.length / FloatTensor.numelOf(image));
    FloatTensor logits;
    try (org.ltcheck.inference.InferenceEngine e = new org.ltcheck.inference.InferenceEngine(t.network(), 1)) {
      logits = e.forward(FloatTensor.wrap(x, batch, image[0], image[1], image[2]));
    }
    double largest = 0;
    for (com.fasterxml.jackson.databind.JsonNode v : r.get("logits")) {
      largest = Math.max(largest, Math.abs(v.asDouble()));
    }
    assertEquals(r.get("logits").size(), logits.size());
    for (int i = 0; i < logits.size(); i++) {
      assertEquals(r.get("logits").get(i).asDouble(), logits.get(i), 1e-5 * largest, recording + " logit " + i);
    }
  }

  @Test
  void zooStateDictsFromTorchSaveReproducePyTorchsLogitsByNameAndRecognised() throws IOException {
    for (String[] c : List.of(new String[] {"mnist_lenet_20", "mnist_lenet_20"},
        new String[] {"cifar_resnet_8_4", "cifar_resnet_8_4"})) {
      Path pt = torchResource(c[0] + ".pt");
      Target named = Targets.resolve(request(pt, c[1]), null);
      assertReproducesPyTorch(named, c[0] + ".json");
      Target auto = Targets.resolve(request(pt, null), null);
      assertEquals(named.network(), auto.network(), c[0] + " recognised from its tensor names");
      assertEquals(named.layerNames(), auto.layerNames());
      assertTrue(named.dataset().isPresent(), "a zoo input shape names its data set");
    }
  }

  @Test
  void tensorOrderNeverMattersForAZooModel() throws IOException {
    Path ptFile = torchResource("cifar_resnet_8_4.pt");
    org.ltcheck.io.TensorSource pt = TargetFiles.open(ptFile);
    List<String> names = new java.util.ArrayList<>(pt.names());
    java.util.Collections.shuffle(names, new Random(5));
    SafetensorsWriter w = new SafetensorsWriter();
    for (String n : names) {
      if (pt.entry(n).orElseThrow().floating()) {
        w.putFloat(n, pt.floatTensor(n));
      }
    }
    Path st = tmp.resolve("shuffled.safetensors");
    w.write(st);
    Target fromSafetensors = Targets.resolve(request(st, "cifar_resnet_8_4"), null);
    assertReproducesPyTorch(fromSafetensors, "cifar_resnet_8_4.json");
    assertEquals(Targets.resolve(request(ptFile, "cifar_resnet_8_4"), null).network(), fromSafetensors.network());

    SafetensorsWriter without = new SafetensorsWriter();
    for (String n : names) {
      if (pt.entry(n).orElseThrow().floating() && !n.equals("blocks.2.bn2.running_var")) {
        without.putFloat(n, pt.floatTensor(n));
      }
    }
    Path missing = tmp.resolve("missing.safetensors");
    without.write(missing);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
        () -> Targets.resolve(request(missing, "cifar_resnet_8_4"), null));
    assertTrue(e.getMessage().contains("cifar_resnet_8_4: missing tensor 'blocks.2.bn2.running_var'"), e.getMessage());
  }

  @Test
  void aZooNameReportsMissingAndUnexpectedTensors() throws IOException {
    Path pt = torchResource("cifar_resnet_8_4.pt");
    org.ltcheck.io.torch.TorchFormatException deeper = assertThrows(org.ltcheck.io.torch.TorchFormatException.class,
        () -> Targets.resolve(request(pt, "cifar_resnet_14_4"), null));
    assertTrue(deeper.getMessage().contains(
        "cifar_resnet_14_4: tensor 'blocks.1.conv1.weight' has shape [8, 4, 3, 3], expected [4, 4, 3, 3]"),
        deeper.getMessage());
    org.ltcheck.io.torch.TorchFormatException wider = assertThrows(org.ltcheck.io.torch.TorchFormatException.class,
        () -> Targets.resolve(request(pt, "cifar_resnet_8"), null));
    assertTrue(wider.getMessage().contains("tensor 'conv.weight' has shape [4, 3, 3, 3], expected [16, 3, 3, 3]"),
        wider.getMessage());
    Path lenet = torchResource("mnist_lenet_20.pt");
    org.ltcheck.io.torch.TorchFormatException extra = assertThrows(org.ltcheck.io.torch.TorchFormatException.class,
        () -> Targets.resolve(request(lenet, "cifar_resnet_8"), null));
    assertTrue(extra.getMessage().startsWith(lenet.toString()), extra.getMessage());
    Random rnd = new Random(3);
    Path stray = tmp.resolve("stray.safetensors");
    new SafetensorsWriter().putFloat("fc_layers.0.weight", tensor(rnd, 5, 784)).putFloat("fc_layers.0.bias", tensor(rnd, 5))
        .putFloat("fc.weight", tensor(rnd, 10, 5)).putFloat("fc.bias", tensor(rnd, 10))
        .putFloat("extra.weight", tensor(rnd, 2)).write(stray);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
        () -> Targets.resolve(request(stray, "mnist_lenet_5"), null));
    assertTrue(e.getMessage().contains("tensors not part of mnist_lenet_5: [extra.weight]"), e.getMessage());
  }

  @Test
  void aLegacyTorchFileIsToldHowToResave() throws IOException {
    Path legacy = torchResource("legacy.pt");
    IOException e = assertThrows(IOException.class, () -> Targets.resolve(request(legacy, null), null));
    assertTrue(e.getMessage().contains("legacy (non-zip) torch.save file")
        && e.getMessage().contains("re-save it with torch.save"), e.getMessage());
  }

  @Test
  void numberedLayersAreTakenInTheOrderOfTheirNumbersNotOfTheirData() throws IOException {
    Random rnd = new Random(82);
    FloatTensor l0 = tensor(rnd, 5, 12);
    FloatTensor l2 = tensor(rnd, 4, 5);
    FloatTensor l10 = tensor(rnd, 3, 4);
    Path p = tmp.resolve("numbered.safetensors");
    // As safetensors.torch.save_file stores them: sorted by name, so layers.10 before layers.2.
    new SafetensorsWriter().putFloat("layers.0.weight", l0).putFloat("layers.10.weight", l10)
        .putFloat("layers.2.weight", l2).write(p);
    Activation relu = Activation.relu();
    assertEquals(new Network(new int[] {12}, List.of(new Linear(l0, null), relu, new Linear(l2, null), relu,
        new Linear(l10, null))), TargetReader.load(p, new int[] {12}, ActivationKind.RELU));
  }

  /** Random zoo parameters, recorded as the state dict a PyTorch model of the same structure has. */
  private static final class RandomStateDict implements org.ltcheck.targets.zoo.ZooParameters {
    final java.util.Map<String, FloatTensor> tensors = new java.util.LinkedHashMap<>();
    private final Random rnd;

    RandomStateDict(Random rnd) {
      this.rnd = rnd;
    }

    private FloatTensor put(String name, int... shape) {
      FloatTensor t = tensor(rnd, shape);
      tensors.put(name, t);
      return t;
    }

    @Override
    public Conv2d conv(org.ltcheck.targets.zoo.ZooLayer.Conv c) {
      return new Conv2d(put(c.name() + ".weight", c.out(), c.in(), c.kernel(), c.kernel()),
          c.bias() ? put(c.name() + ".bias", c.out()) : null, c.stride(), c.padding());
    }

    @Override
    public Linear linear(org.ltcheck.targets.zoo.ZooLayer.Dense d) {
      return new Linear(put(d.name() + ".weight", d.out(), d.in()), put(d.name() + ".bias", d.out()));
    }

    @Override
    public org.ltcheck.model.BatchNorm2d batchNorm(org.ltcheck.targets.zoo.ZooLayer.Norm n) {
      FloatTensor var = FloatTensor.wrap(tensor(rnd, n.channels()).toArray().clone(), n.channels());
      float[] v = var.toArray();
      for (int i = 0; i < v.length; i++) {
        v[i] = 0.5f + Math.abs(v[i]);
      }
      FloatTensor positive = FloatTensor.wrap(v, n.channels());
      tensors.put(n.name() + ".running_var", positive);
      return new org.ltcheck.model.BatchNorm2d(put(n.name() + ".weight", n.channels()), put(n.name() + ".bias",
          n.channels()), put(n.name() + ".running_mean", n.channels()), positive,
          org.ltcheck.model.BatchNorm2d.PYTORCH_EPS);
    }

    @Override
    public java.util.Optional<org.ltcheck.model.ChannelScale> identityScale(
        org.ltcheck.targets.zoo.ZooLayer.IdentityScale s) {
      return java.util.Optional.empty();
    }
  }

  @Test
  void aVggStateDictReadsBackWithItsMaxPoolsAsATarget() throws IOException {
    org.ltcheck.targets.zoo.ZooModel vgg = org.ltcheck.targets.zoo.ZooModel.parse("cifar_vgg_11");
    RandomStateDict random = new RandomStateDict(new Random(9));
    Network expected = org.ltcheck.targets.zoo.ZooNetwork.build(vgg.layers(vgg.inputShape(), 10), vgg.inputShape(),
        random, Activation.relu()).network();
    SafetensorsWriter w = new SafetensorsWriter();
    new java.util.TreeMap<>(random.tensors).forEach(w::putFloat);
    Path p = tmp.resolve("vgg.safetensors");
    w.write(p);
    Target named = Targets.resolve(request(p, "cifar_vgg_11"), null);
    assertEquals(expected, named.network());
    assertEquals(named, Targets.resolve(request(p, null), null), "recognised from its tensor names");
    assertEquals(9, named.layers().size());
    assertEquals(java.util.Optional.of(TargetDataset.CIFAR10), named.dataset());
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
        () -> Targets.resolve(request(p, "cifar_vgg_13"), null));
    assertTrue(e.getMessage().contains("cifar_vgg_13: tensor 'layers.1.conv.weight'")
        || e.getMessage().contains("cifar_vgg_13: missing tensor 'layers.1.conv.weight'"), e.getMessage());
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
