package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.Sha256;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

class MnistCnnTargetTest {
  @TempDir Path tmp;

  @Test
  void bundledTargetHasTheDocumentedArchitectureAndSparsity() throws IOException {
    Network net = MnistCnnTarget.bundled();
    assertArrayEquals(new int[] {1, 28, 28}, net.inputShape());
    assertArrayEquals(new int[] {10}, net.outputShape());
    assertEquals(6, net.layers().size());
    Conv2d c1 = assertInstanceOf(Conv2d.class, net.layers().get(0));
    assertInstanceOf(Activation.class, net.layers().get(1));
    Conv2d c2 = assertInstanceOf(Conv2d.class, net.layers().get(2));
    assertInstanceOf(Flatten.class, net.layers().get(4));
    Linear fc = assertInstanceOf(Linear.class, net.layers().get(5));
    assertEquals(1, c1.padding());
    assertEquals(1, c1.stride());
    // nonzero counts and largest magnitudes from the target's README
    assertEquals(29, c1.weight().countNonZero());
    assertEquals(4, c1.bias().countNonZero());
    assertEquals(922, c2.weight().countNonZero());
    assertEquals(25088, fc.weight().countNonZero());
    assertEquals(1, fc.bias().countNonZero());
    assertEquals(1.4854, c1.weight().maxAbs(), 5e-5);
    assertEquals(1.1345, c2.weight().maxAbs(), 5e-5);
    assertEquals(0.9419, fc.weight().maxAbs(), 5e-5);
  }

  @Test
  void genericLoaderBuildsTheSameNetworkFromTheBundledFile() throws IOException {
    Path file = Files.write(tmp.resolve(MnistCnnTarget.FILE_NAME), MnistCnnTarget.bundledBytes());
    assertEquals(MnistCnnTarget.SHA256, Sha256.hex(file));
    assertEquals(MnistCnnTarget.bundled(), TargetReader.load(file, MnistCnnTarget.inputShape(), ActivationKind.RELU));
  }

  @Test
  void resolvesTheBundledNameAndRejectsMissingPaths() throws IOException {
    Target t = Targets.resolve(request("MNIST"), null);
    assertEquals(MnistCnnTarget.bundled(), t.network());
    assertEquals(MnistCnnTarget.LAYER_NAMES, t.layerNames());
    assertEquals(java.util.Optional.of(TargetDataset.MNIST), t.dataset());
    NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Targets.resolve(request("no/such.safetensors"), null));
    assertTrue(e.getMessage().contains("no/such.safetensors") && e.getMessage().contains("mnist"), e.getMessage());
  }

  @Test
  void strayTensorsBesideTheMnistNamesAreReported() throws IOException {
    Random rnd = new Random(12);
    Path extra = tmp.resolve("extra.safetensors");
    smallTarget(rnd, tensor(rnd, 5, 4, 3, 3)).putFloat("extra.foo", tensor(rnd, 2)).write(extra);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> MnistCnnTarget.load(extra));
    assertTrue(e.getMessage().contains("extra.foo") && e.getMessage().contains("extra.safetensors"), e.getMessage());
  }

  private static TargetRequest request(String name) {
    return new TargetRequest(java.util.Optional.of(name), TargetArch.Family.AUTO, java.util.Optional.empty(),
        ActivationKind.RELU, java.util.Optional.empty());
  }

  private static SafetensorsWriter smallTarget(Random rnd, FloatTensor conv2) {
    return new SafetensorsWriter()
        .putFloat("conv1.weight", tensor(rnd, 4, 1, 3, 3)).putFloat("conv1.bias", tensor(rnd, 4))
        .putFloat("conv2.weight", conv2).putFloat("conv2.bias", tensor(rnd, 5))
        .putFloat("fc.weight", tensor(rnd, 10, 5 * 28 * 28)).putFloat("fc.bias", tensor(rnd, 10));
  }

  private static FloatTensor tensor(Random rnd, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return FloatTensor.wrap(v, shape);
  }

  @Test
  void otherWidthsLoadButInconsistentShapesAreNamed() throws IOException {
    Random rnd = new Random(70);
    Path ok = tmp.resolve("ok.safetensors");
    smallTarget(rnd, tensor(rnd, 5, 4, 3, 3)).write(ok);
    assertArrayEquals(new int[] {10}, MnistCnnTarget.load(ok).outputShape());

    Path bad = tmp.resolve("bad.safetensors");
    smallTarget(rnd, tensor(rnd, 5, 3, 3, 3)).write(bad);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> MnistCnnTarget.load(bad));
    assertTrue(e.getMessage().contains("conv2.weight") && e.getMessage().contains("[5, 3, 3, 3]")
        && e.getMessage().contains("[5, 4, 3, 3]"), e.getMessage());
  }

  @Test
  void nonFiniteWeightIsReportedWithTensorAndIndex() throws IOException {
    Random rnd = new Random(71);
    float[] w = tensor(rnd, 5, 4, 3, 3).toArray();
    w[17] = Float.NaN;
    Path p = tmp.resolve("nan.safetensors");
    smallTarget(rnd, FloatTensor.wrap(w, 5, 4, 3, 3)).write(p);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> MnistCnnTarget.load(p));
    assertTrue(e.getMessage().contains("conv2.weight") && e.getMessage().contains("index 17")
        && e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void missingTensorIsNamedWithTheFile() throws IOException {
    Path p = tmp.resolve("partial.safetensors");
    new SafetensorsWriter().putFloat("conv1.weight", FloatTensor.zeros(4, 1, 3, 3)).write(p);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> MnistCnnTarget.load(p));
    assertTrue(e.getMessage().contains("partial.safetensors") && e.getMessage().contains("conv1.bias"), e.getMessage());
  }

  @Test
  void bundledBytesAreTheVendoredFile() throws IOException {
    byte[] b = MnistCnnTarget.bundledBytes();
    assertEquals(MnistCnnTarget.SHA256, Sha256.hex(b));
  }
}
