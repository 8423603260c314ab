package org.ltcheck.targets.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

class OnnxTargetTest {
  @TempDir Path dir;

  /** ltcheck's float32 forward pass against PyTorch's recorded logits, relative to their largest magnitude. */
  private static void assertReproducesPyTorch(String network, int opset) throws IOException {
    OnnxTarget.Imported g = OnnxTarget.read(OnnxTestGraphs.resource(network + "-opset" + opset + ".onnx"), network);
    OnnxTestGraphs.Recorded r = OnnxTestGraphs.recorded(network);
    FloatTensor out;
    try (InferenceEngine e = new InferenceEngine(g.network(), 1)) {
      out = e.forward(r.input());
    }
    assertTrue(out.sameShape(r.logits().shape()), out + " vs " + r.logits());
    double scale = r.logits().maxAbs();
    for (int i = 0; i < out.size(); i++) {
      assertEquals(r.logits().get(i), out.get(i), 1e-5 * scale, network + " opset " + opset + " logit " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 17})
  void anMlpReproducesPyTorchsLogits(int opset) throws IOException {
    assertReproducesPyTorch("mlp", opset);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 17})
  void everySupportedOperatorButMaxPoolReproducesPyTorchsLogits(int opset) throws IOException {
    assertReproducesPyTorch("everyop", opset);
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 17})
  void aConvNetWithMaxPoolingAndResidualBlocksReproducesPyTorchsLogits(int opset) throws IOException {
    assertReproducesPyTorch("convnet", opset);
  }

  /** Exported with torch's defaults: a fixed batch of 1, a constant Reshape shape, batch norm fused. */
  @ParameterizedTest
  @ValueSource(ints = {11, 17})
  void aStaticExportReproducesPyTorchsLogitsOnAnyBatch(int opset) throws IOException {
    assertReproducesPyTorch("cnn", opset);
    OnnxTarget.Imported g = OnnxTarget.read(OnnxTestGraphs.resource("cnn-opset" + opset + ".onnx"), "cnn");
    assertEquals(List.of("conv1", "/conv2/Conv", "fc"), g.layerNames());
  }

  @ParameterizedTest
  @ValueSource(ints = {11, 17})
  void aConvNetWithMaxPoolingAndResidualBlocksMapsOntoTheModel(int opset) throws IOException {
    OnnxTarget.Imported g = OnnxTarget.read(OnnxTestGraphs.resource("convnet-opset" + opset + ".onnx"), "convnet");
    List<Layer> l = g.network().layers();
    assertEquals(8, l.size(), l::toString);
    assertInstanceOf(Conv2d.class, l.get(0));
    assertInstanceOf(BatchNorm2d.class, l.get(1));
    assertEquals(Activation.relu(), l.get(2));
    assertEquals(new MaxPool2d(2, 2, 0), l.get(3));
    ResidualBlock identity = (ResidualBlock) l.get(4);
    assertEquals(5, identity.body().size());
    assertEquals(List.of(), identity.shortcut());
    assertEquals(Activation.relu(), identity.after());
    ResidualBlock down = (ResidualBlock) l.get(5);
    assertEquals(2, ((Conv2d) down.body().get(0)).stride());
    Conv2d shortcut = (Conv2d) down.shortcut().get(0);
    assertEquals(List.of(1, 2, 0), List.of(shortcut.kernelHeight(), shortcut.stride(), shortcut.padding()));
    assertInstanceOf(BatchNorm2d.class, down.shortcut().get(1));
    assertEquals(new Flatten(), l.get(6));
    assertEquals(72, ((Linear) l.get(7)).inFeatures());
    assertEquals(List.of("stem.0", "block1.body.0", "block1.body.3", "block2.body.0", "block2.body.3", "fc"),
        g.layerNames());
    assertEquals(List.of(1, 12, 12), List.of(g.network().inputShape()[0], g.network().inputShape()[1],
        g.network().inputShape()[2]));
  }

  @Test
  void everyOperatorKeepsItsActivationAndNames() throws IOException {
    OnnxTarget.Imported g = OnnxTarget.read(OnnxTestGraphs.resource("everyop-opset17.onnx"), "everyop");
    List<ActivationKind> kinds = g.network().layers().stream().filter(Activation.class::isInstance)
        .map(a -> ((Activation) a).kind()).toList();
    assertEquals(List.of(ActivationKind.LEAKY_RELU, ActivationKind.TANH, ActivationKind.SIGMOID, ActivationKind.RELU),
        kinds);
    Activation leaky = (Activation) g.network().layers().stream().filter(Activation.class::isInstance).findFirst()
        .orElseThrow();
    assertEquals(0.2, leaky.negativeSlope(), 1e-7);
    assertEquals(List.of("conv1", "conv2", "conv3", "fc1", "w2"), g.layerNames());
  }

  @Test
  void anUnsupportedOperatorIsOneLineNamingTheNodeItsOperatorAndPosition() {
    OnnxFormatException e = assertThrows(OnnxFormatException.class,
        () -> OnnxTarget.read(OnnxTestGraphs.resource("unsupported-opset17.onnx"), "unsupported.onnx"));
    assertTrue(e.getMessage().startsWith("unsupported.onnx: node 1 '/Softmax' (Softmax) is not supported; supported:"
        + " Conv, Gemm"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void aTruncatedFileIsOneLine() {
    OnnxFormatException e = assertThrows(OnnxFormatException.class,
        () -> OnnxTarget.read(OnnxTestGraphs.resource("truncated.onnx"), "truncated.onnx"));
    assertTrue(e.getMessage().startsWith("truncated.onnx: not a readable ONNX model (truncated or not protobuf"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void garbageIsOneLine() throws IOException {
    Path f = dir.resolve("garbage.onnx");
    Files.write(f, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x01});
    OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> OnnxTarget.read(f, "garbage.onnx"));
    assertTrue(e.getMessage().startsWith("garbage.onnx: "), e.getMessage());
  }

  @Test
  void anOnnxFileIsRecognisedByNameOrContent() throws IOException {
    assertTrue(OnnxTarget.isOnnx(OnnxTestGraphs.resource("mlp-opset11.onnx")));
    Path renamed = dir.resolve("model.bin");
    Files.copy(OnnxTestGraphs.resource("mlp-opset11.onnx"), renamed);
    assertTrue(OnnxTarget.isOnnx(renamed));
    Path safetensors = dir.resolve("t.safetensors");
    byte[] header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".getBytes();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header).putFloat(1f);
    Files.write(safetensors, b.array());
    assertFalse(OnnxTarget.isOnnx(safetensors));
  }

  @Test
  void aVectorGraphReadsFlattenedImages() throws IOException {
    OnnxTarget.Imported g = new OnnxTestGraphs.Builder(13, 0, 4).weights("fc.weight", 3, 4)
        .node("Gemm", OnnxTestGraphs.in("x", "fc.weight"), "y", OnnxTestGraphs.integer("transB", 1)).read();
    assertEquals(List.of(4), List.of(g.network().inputShape()[0]));
    OnnxTarget.Imported flat = g.flattening(new org.ltcheck.targets.InputShape(1, 2, 2));
    assertEquals(new Flatten(), flat.network().layers().get(0));
    assertEquals(List.of("fc"), flat.layerNames());
  }
}
