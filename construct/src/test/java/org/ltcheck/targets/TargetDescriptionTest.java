package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.LayerMagnitudes;
import org.ltcheck.theory.LayerShape;

class TargetDescriptionTest {
  @TempDir Path dir;

  /** Random weights with roughly half of them exactly zero, as after pruning. */
  private static float[] sparse(Random rnd, int n) {
    float[] a = new float[n];
    for (int k = 0; k < n; k++) {
      a[k] = rnd.nextBoolean() ? 0f : (float) (2 * rnd.nextDouble() - 1);
    }
    return a;
  }

  @Test
  void readsLayersSparsityAndChannelMagnitudes() throws IOException {
    Random rnd = new Random(17);
    float[] conv = sparse(rnd, 3 * 2 * 3 * 3);
    float[] convBias = {0f, 0.5f, -0.25f};
    float[] fc = sparse(rnd, 2 * 3 * 16);
    Path file = dir.resolve("net.safetensors");
    new SafetensorsWriter()
        .putFloat("features.0.weight", FloatTensor.of(conv, 3, 2, 3, 3))
        .putFloat("features.0.bias", FloatTensor.of(convBias, 3))
        .putFloat("head.weight", FloatTensor.of(fc, 2, 48))
        .write(file);

    TargetDescription d = describe(file, new InputShape(2, 4, 4));
    assertEquals(List.of("features.0", "head"), d.layers().stream().map(TargetDescription.Layer::name).toList());
    LayerShape c = d.architecture().layer(0);
    assertEquals(nonZero(conv), c.targetNonZeroWeights());
    assertEquals(2, c.targetNonZeroBiases());
    assertEquals(16, c.spatialPositions());
    LayerShape h = d.architecture().layer(1);
    assertEquals(16, h.inputPositionsPerChannel());
    assertEquals(3, h.inChannels());
    assertEquals(0, h.targetNonZeroBiases());

    List<LayerMagnitudes> m = d.magnitudes(ActivationKind.TANH).orElseThrow();
    assertEquals(ActivationKind.TANH, m.get(0).activation());
    assertEquals(ActivationKind.IDENTITY, m.get(1).activation());
    // Channel pair (j=2, i=1) of the conv is the block of 9 weights at ((2·2)+1)·9.
    assertEquals(absSum(conv, 45, 9), m.get(0).absWeight(2, 1), 1e-6);
    assertEquals(nonZero(conv, 45, 9), m.get(0).nonZero(2, 1));
    // Head row 1, channel 2: features 32..47 of row 1, i.e. flat 48 + 32.
    assertEquals(absSum(fc, 80, 16), m.get(1).absWeight(1, 2), 1e-6);
    assertArrayEquals(new double[] {0, 0.5, 0.25}, m.get(0).absBias(), 0);
    assertEquals(max(conv), d.layers().get(0).maxAbsWeight().getAsDouble(), 0);
  }

  @Test
  void theBundledMnistTargetMatchesItsReadme() throws IOException {
    TargetDescription d = Targets.describe(request("mnist", java.util.Optional.empty()), null);
    long[][] expected = {{29, 4}, {922, 4}, {25088, 1}};
    for (int l = 0; l < 3; l++) {
      assertEquals(expected[l][0], d.architecture().layer(l).targetNonZeroWeights());
      assertEquals(expected[l][1], d.architecture().layer(l).targetNonZeroBiases());
    }
    assertEquals(1.4854, d.layers().get(0).maxAbsWeight().getAsDouble(), 1e-4);
  }

  @Test
  void malformedTargetsNameTheTensor() throws IOException {
    Random rnd = new Random(3);
    Path orphanBias = dir.resolve("orphan.safetensors");
    new SafetensorsWriter().putFloat("fc.bias", FloatTensor.of(sparse(rnd, 2), 2)).write(orphanBias);
    assertMessage(orphanBias, "'fc.bias' has no weight 'fc.weight'");

    Path rank3 = dir.resolve("rank3.safetensors");
    new SafetensorsWriter().putFloat("c.weight", FloatTensor.of(sparse(rnd, 8), 2, 2, 2)).write(rank3);
    assertMessage(rank3, "'c.weight' has rank 3");

    Path bn = dir.resolve("bn.safetensors");
    new SafetensorsWriter().putFloat("bn.running_mean", FloatTensor.of(sparse(rnd, 2), 2)).write(bn);
    assertMessage(bn, "'bn.running_mean' is neither X.weight nor X.bias");

    Path ints = dir.resolve("ints.safetensors");
    new SafetensorsWriter().putInt("fc.weight", new int[] {1, 2}, 1, 2).write(ints);
    assertMessage(ints, "'fc.weight' has dtype I32");

    Path nan = dir.resolve("nan.safetensors");
    new SafetensorsWriter().putFloat("fc.weight", FloatTensor.of(new float[] {1f, Float.NaN}, 1, 2)).write(nan);
    IOException e = assertThrows(IOException.class, () -> describe(nan, new InputShape(2, 1, 1)));
    assertTrue(e.getMessage().contains("'fc.weight' has non-finite value NaN at flat index 1"), e.getMessage());

    Path chain = dir.resolve("chain.safetensors");
    new SafetensorsWriter()
        .putFloat("a.weight", FloatTensor.of(sparse(rnd, 4 * 9), 4, 1, 3, 3))
        .putFloat("b.weight", FloatTensor.of(sparse(rnd, 4 * 3 * 9), 4, 3, 3, 3))
        .write(chain);
    assertMessage(chain, "'b.weight' of shape [4, 3, 3, 3] reads 3 input channels but the layer before writes 4");

    Path badBias = dir.resolve("badbias.safetensors");
    new SafetensorsWriter()
        .putFloat("a.weight", FloatTensor.of(sparse(rnd, 4 * 9), 4, 1, 3, 3))
        .putFloat("a.bias", FloatTensor.of(sparse(rnd, 3), 3))
        .write(badBias);
    assertMessage(badBias, "'a.bias' has shape [3], expected [4]");
  }

  private static void assertMessage(Path file, String expected) {
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
        () -> describe(file, InputShape.MNIST));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
  }

  private static TargetDescription describe(Path file, InputShape input) throws IOException {
    return Targets.describe(request(file.toString(), java.util.Optional.of(input)), null);
  }

  private static TargetRequest request(String name, java.util.Optional<InputShape> input) {
    return new TargetRequest(java.util.Optional.of(name), TargetArch.Family.AUTO, input, ActivationKind.RELU,
        java.util.Optional.empty());
  }

  private static long nonZero(float[] a) {
    return nonZero(a, 0, a.length);
  }

  private static int nonZero(float[] a, int from, int n) {
    int c = 0;
    for (int k = from; k < from + n; k++) {
      c += a[k] != 0f ? 1 : 0;
    }
    return c;
  }

  private static double absSum(float[] a, int from, int n) {
    double s = 0;
    for (int k = from; k < from + n; k++) {
      s += Math.abs(a[k]);
    }
    return s;
  }

  private static double max(float[] a) {
    float m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
