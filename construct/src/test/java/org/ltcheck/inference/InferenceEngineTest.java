package org.ltcheck.inference;

import static org.ltcheck.inference.RandomLayers.batchNorm;
import static org.ltcheck.inference.RandomLayers.channelScale;
import static org.ltcheck.inference.RandomLayers.conv;
import static org.ltcheck.inference.RandomLayers.linear;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

class InferenceEngineTest {
  /**
   * Allowed |engine - reference| relative to the output's magnitude: float32 has a unit
   * roundoff of 6e-8, and these nets sum at most a few hundred terms per output.
   */
  private static final double REL_TOL = 2e-5;

  static Stream<Arguments> convConfigs() {
    List<Arguments> list = new ArrayList<>();
    for (int stride : new int[] {1, 2}) {
      for (int pad : new int[] {0, 1}) {
        for (int k : new int[] {1, 3}) {
          for (double density : new double[] {0.05, 1.0}) {
            list.add(Arguments.of(stride, pad, k, density));
          }
        }
      }
    }
    return list.stream();
  }

  @ParameterizedTest(name = "stride {0} pad {1} kernel {2} density {3}")
  @MethodSource("convConfigs")
  void convolutionMatchesReference(int stride, int pad, int k, double density) {
    Random rnd = new Random(31L * stride + 7L * pad + k + (long) (density * 100));
    // Non-square odd-sized input catches row/column mix-ups and off-by-one borders.
    Network net = new Network(new int[] {4, 9, 7}, List.of(conv(rnd, 4, 6, k, stride, pad, density)));
    assertMatchesReference(net, rnd, 5);
  }

  @ParameterizedTest
  @EnumSource(ActivationKind.class)
  void everyActivationMatchesReference(ActivationKind kind) {
    Random rnd = new Random(kind.ordinal() + 100L);
    Network net = new Network(new int[] {3, 8, 8}, List.of(
        conv(rnd, 3, 5, 3, 1, 1, 0.7),
        batchNorm(rnd, 5),
        new Activation(kind, 0.2),
        new AvgPool2d(2, 2),
        new Flatten(),
        linear(rnd, 5 * 4 * 4, 7, 1.0),
        new Activation(kind, 0.2),
        linear(rnd, 7, 3, 0.5)));
    assertMatchesReference(net, rnd, 6);
  }

  static Stream<Arguments> maxPoolConfigs() {
    return Stream.of(
        Arguments.of(2, 2, 0), Arguments.of(3, 2, 1), Arguments.of(3, 1, 1), Arguments.of(2, 3, 1),
        Arguments.of(1, 2, 0), Arguments.of(4, 3, 2), Arguments.of(3, 3, 0));
  }

  @ParameterizedTest(name = "kernel {0} stride {1} padding {2}")
  @MethodSource("maxPoolConfigs")
  void maxPoolingMatchesReference(int kernel, int stride, int padding) {
    Random rnd = new Random(1000L * kernel + 100L * stride + padding);
    // Odd, non-square planes: the last window of a row or column is clipped or dropped.
    Network net = new Network(new int[] {3, 9, 7}, List.of(
        conv(rnd, 3, 4, 3, 1, 1, 0.8), Activation.relu(), new MaxPool2d(kernel, stride, padding), new Flatten()));
    assertMatchesReference(net, rnd, 5);
  }

  @Test
  void maxPoolingOfNegativeInputsIgnoresPadding() {
    // Every input below zero: a padded position counted as 0 would win every border window.
    Network net = new Network(new int[] {1, 3, 3}, List.of(new MaxPool2d(3, 2, 1)));
    float[] v = {-9, -8, -7, -6, -5, -4, -3, -2, -1};
    try (InferenceEngine engine = new InferenceEngine(net, 1)) {
      assertArrayEquals(new float[] {-5, -4, -2, -1}, engine.forward(FloatTensor.wrap(v, 1, 1, 3, 3)).toArray());
    }
  }

  @Test
  void residualBlocksWithEveryShortcutKindMatchReference() {
    Random rnd = new Random(2022);
    Activation relu = Activation.relu();
    Layer identityBlock = new ResidualBlock(
        List.of(conv(rnd, 4, 4, 3, 1, 1, 1.0), batchNorm(rnd, 4), relu, conv(rnd, 4, 4, 3, 1, 1, 0.3), batchNorm(rnd, 4)),
        List.of(), relu);
    Layer scaleBlock = new ResidualBlock(
        List.of(conv(rnd, 4, 4, 3, 1, 1, 0.1), batchNorm(rnd, 4)), List.of(channelScale(rnd, 4)), relu);
    Layer downBlock = new ResidualBlock(
        List.of(conv(rnd, 4, 6, 3, 2, 1, 1.0), batchNorm(rnd, 6), relu, conv(rnd, 6, 6, 3, 1, 1, 1.0), batchNorm(rnd, 6)),
        List.of(conv(rnd, 4, 6, 1, 2, 0, 1.0), batchNorm(rnd, 6)), Activation.of(ActivationKind.LEAKY_RELU));
    Network net = new Network(new int[] {3, 10, 10}, List.of(
        conv(rnd, 3, 4, 3, 1, 1, 1.0), batchNorm(rnd, 4), relu,
        identityBlock, scaleBlock, downBlock,
        new GlobalAvgPool(), linear(rnd, 6, 10, 1.0)));
    assertMatchesReference(net, rnd, 4);
  }

  @Test
  void sparseAndDenseLinearLayersOnFlatInput() {
    Random rnd = new Random(5);
    // A leading Flatten is handed the caller's batch array instead of copying it.
    Network net = new Network(new int[] {40}, List.of(new Flatten(),
        linear(rnd, 40, 30, 0.05), Activation.relu(), linear(rnd, 30, 20, 1.0), Activation.relu(), new Flatten(),
        linear(rnd, 20, 4, 0.3)));
    assertMatchesReference(net, rnd, 8);
  }

  @Test
  void layersWithoutBiasAndAllZeroOutputChannels() {
    Random rnd = new Random(77);
    FloatTensor w = RandomLayers.tensor(rnd, 0.5, 3, 2, 3, 3);
    float[] v = w.toArray();
    java.util.Arrays.fill(v, 0, 18, 0f); // output channel 0 has no taps at all
    Network net = new Network(new int[] {2, 5, 5}, List.of(
        new org.ltcheck.model.Conv2d(FloatTensor.wrap(v, 3, 2, 3, 3), null, 1, 1),
        new Flatten(),
        new org.ltcheck.model.Linear(RandomLayers.tensor(rnd, 0.02, 3, 75), null)));
    assertMatchesReference(net, rnd, 3);
  }

  @Test
  void resultsAreBitIdenticalForAnyThreadCount() {
    Random rnd = new Random(99);
    Network net = new Network(new int[] {3, 12, 12}, List.of(
        conv(rnd, 3, 8, 3, 1, 1, 0.5), batchNorm(rnd, 8), Activation.of(ActivationKind.TANH),
        new ResidualBlock(List.of(conv(rnd, 8, 8, 3, 1, 1, 1.0), batchNorm(rnd, 8)), List.of(), Activation.relu()),
        conv(rnd, 8, 8, 3, 2, 1, 0.2), Activation.of(ActivationKind.SIGMOID),
        new Flatten(), linear(rnd, 8 * 6 * 6, 10, 0.1)));
    FloatTensor batch = RandomLayers.tensor(rnd, 1.0, 37, 3, 12, 12);
    float[] expected;
    try (InferenceEngine one = new InferenceEngine(net, 1)) {
      expected = one.forward(batch).toArray();
    }
    for (int threads : new int[] {2, 3}) {
      try (InferenceEngine many = new InferenceEngine(net, threads)) {
        // Twice: the second run reuses workspaces left dirty by the first.
        assertArrayEquals(expected, many.forward(batch).toArray(), threads + " threads");
        assertArrayEquals(expected, many.forward(batch).toArray(), threads + " threads, reused");
      }
    }
  }

  @Test
  void traceHasEveryTopLevelLayerOutputAndEndsWithForward() {
    Random rnd = new Random(12);
    List<Layer> layers = List.of(
        conv(rnd, 2, 3, 3, 1, 1, 1.0), Activation.relu(), new AvgPool2d(2, 2), new Flatten(), linear(rnd, 27, 4, 1.0));
    Network net = new Network(new int[] {2, 6, 6}, layers);
    FloatTensor batch = RandomLayers.tensor(rnd, 1.0, 5, 2, 6, 6);
    try (InferenceEngine engine = new InferenceEngine(net, 2)) {
      List<FloatTensor> trace = engine.forwardTrace(batch);
      assertEquals(layers.size(), trace.size());
      for (int l = 0; l < layers.size(); l++) {
        try (InferenceEngine prefix = new InferenceEngine(new Network(net.inputShape(), layers.subList(0, l + 1)), 1)) {
          assertEquals(prefix.forward(batch), trace.get(l), "layer " + l);
        }
      }
      assertEquals(engine.forward(batch), trace.get(layers.size() - 1));
    }
  }

  @Test
  void rejectsBatchOfWrongShapeNamingBothShapes() {
    Network net = new Network(new int[] {1, 4, 4}, List.of(new Flatten()));
    try (InferenceEngine engine = new InferenceEngine(net, 1)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> engine.forward(FloatTensor.zeros(2, 1, 4, 5)));
      assertTrue(e.getMessage().contains("[2, 1, 4, 5]") && e.getMessage().contains("1, 4, 4"), e.getMessage());
    }
  }

  @Test
  void emptyBatchGivesEmptyOutput() {
    Network net = new Network(new int[] {3}, List.of(linear(new Random(1), 3, 2, 1.0)));
    try (InferenceEngine engine = new InferenceEngine(net, 2)) {
      assertArrayEquals(new int[] {0, 2}, engine.forward(FloatTensor.zeros(0, 3)).shape());
    }
  }

  /** Runs a random batch through engine (2 threads) and reference and compares every output. */
  private static void assertMatchesReference(Network net, Random rnd, int n) {
    int[] in = net.inputShape();
    int per = Math.toIntExact(FloatTensor.numelOf(in));
    int[] shape = new int[in.length + 1];
    shape[0] = n;
    System.arraycopy(in, 0, shape, 1, in.length);
    FloatTensor batch = RandomLayers.tensor(rnd, 1.0, shape);
    FloatTensor out;
    try (InferenceEngine engine = new InferenceEngine(net, 2)) {
      out = engine.forward(batch);
    }
    int outPer = out.size() / n;
    for (int s = 0; s < n; s++) {
      double[] x = new double[per];
      for (int i = 0; i < per; i++) {
        x[i] = batch.get(s * per + i);
      }
      double[] ref = NaiveReference.forward(net, x);
      assertEquals(ref.length, outPer);
      double scale = 1;
      for (double r : ref) {
        scale = Math.max(scale, Math.abs(r));
      }
      for (int j = 0; j < outPer; j++) {
        double got = out.get(s * outPer + j);
        assertTrue(Math.abs(got - ref[j]) <= REL_TOL * scale,
            "sample " + s + " output " + j + ": engine " + got + " reference " + ref[j]);
      }
    }
  }
}
