package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketErrorBound;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.differential.DifferentialCertifier;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.differential.OutputDifferenceBound;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.inference.NaiveReference;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.testing.TargetForward;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.ticket.TicketNetworks;

/**
 * Tickets of CNNs with max pooling (conv, φ, max pool, conv, φ, flatten, linear; and a pool of
 * the network input): the folded target computes the network, the ticket is certified with the
 * pool where each construction puts it, every mother layer is within its bound of the target
 * layer it copies, the a-priori and the differential output bounds contain the measured
 * differences, the ticket file keeps the pooling, and a ticket that pools in the wrong place is
 * not certified.
 */
class MaxPoolTicketTest {
  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    long seed = 40;
    for (Construction c : Construction.values()) {
      for (ActivationKind k : new ActivationKind[] {ActivationKind.RELU, ActivationKind.SIGMOID}) {
        for (int shape = 0; shape < 3; shape++) {
          b.add(Arguments.of(c, k, shape, seed++));
        }
      }
    }
    return b.build();
  }

  /**
   * 0: conv, φ, max pool 2x2, conv, φ, flatten, linear on a 2x8x8 input; 1: the same with a
   * padded 3x3 stride-2 pool on a 2x9x7 input; 2: a pool of the input, conv, φ, pool, flatten,
   * linear.
   */
  static Network network(int shape, Activation a, long seed) {
    Random r = new Random(seed);
    List<Layer> layers = new ArrayList<>();
    int[] in = shape == 1 ? new int[] {2, 9, 7} : new int[] {2, 8, 8};
    MaxPool2d pool = shape == 1 ? new MaxPool2d(3, 2, 1) : new MaxPool2d(2, 2, 0);
    if (shape == 2) {
      layers.add(new MaxPool2d(2, 2, 0));
    }
    layers.add(conv(r, 3, 2));
    layers.add(a);
    layers.add(pool);
    if (shape != 2) {
      layers.add(conv(r, 3, 3));
      layers.add(a);
    }
    int[] shapeBeforeFlatten = new Network(in, layers).outputShape();
    layers.add(new Flatten());
    int features = shapeBeforeFlatten[0] * shapeBeforeFlatten[1] * shapeBeforeFlatten[2];
    layers.add(new Linear(ResidualTicketTest.tensor(r, 0.5, 3, features), ResidualTicketTest.tensor(r, 0.2, 3)));
    return new Network(in, layers);
  }

  private static Conv2d conv(Random r, int out, int in) {
    return new Conv2d(ResidualTicketTest.tensor(r, 0.5, out, in, 3, 3), ResidualTicketTest.tensor(r, 0.3, out), 1, 1);
  }

  @ParameterizedTest(name = "{0} {1} shape {2}")
  @MethodSource("cases")
  void certifiedAndWithinEveryBound(Construction c, ActivationKind kind, int shape, long seed, @TempDir Path dir)
      throws IOException {
    Network target = network(shape, Activation.of(kind), seed);
    List<TargetLayer> layers = TargetLayers.of(target);
    Random rnd = new Random(seed);
    int size = Math.toIntExact(FloatTensor.numelOf(target.inputShape()));
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    double[] direct = NaiveReference.forward(target, x);
    double[] folded = TargetForward.outputs(layers, target.inputShape(), x)[layers.size()];
    for (int o = 0; o < direct.length; o++) {
      assertEquals(direct[o], folded[o], 1e-9, "folded target layers compute the network");
    }

    ConstructionSettings s = ResidualTicketTest.settings(c, 0.02, seed, 2);
    Ticket ticket = ResidualTicketTest.build(target, s).ticket();
    assertPooledWhereTheConstructionPutsIt(ticket, layers);
    TicketCertificate cert = TicketVerifier.certify(ticket, layers, s);
    assertTrue(cert.valid(), () -> cert.violations() + " max error " + cert.maxError());
    LayerwiseTicketTest.check(ticket, layers, target.inputShape(), x, s.eta(), cert);

    Network ticketNet = TicketNetworks.ticket(ticket);
    double[] out = NaiveReference.forward(ticketNet, x);
    double apriori = TicketErrorBound.worstCase(layers, ResidualTicketTest.INPUT_BOUND, cert).outputBound();
    InputRegion domain = InputRegion.symmetric(target.inputShape(), ResidualTicketTest.INPUT_BOUND);
    OutputDifferenceBound certified = new DifferentialCertifier(layers, ticket.mother(), ticketNet).bound(domain);
    assertTrue(certified.maxAbsDifference() <= apriori, () -> certified.maxAbsDifference() + " > a priori " + apriori);
    float[] xf = new float[size];
    for (int i = 0; i < size; i++) {
      xf[i] = (float) x[i];
    }
    int[] batch = {1, target.inputShape()[0], target.inputShape()[1], target.inputShape()[2]};
    float[] t;
    float[] k;
    try (InferenceEngine te = new InferenceEngine(target, 1); InferenceEngine ke = new InferenceEngine(ticketNet, 1)) {
      t = te.forward(FloatTensor.wrap(xf, batch)).toArray();
      k = ke.forward(FloatTensor.wrap(xf, batch)).toArray();
    }
    for (int o = 0; o < out.length; o++) {
      assertTrue(Math.abs(out[o] - direct[o]) <= apriori, "exact difference within the a-priori bound");
      double d = (double) k[o] - t[o];
      assertTrue(d >= certified.differenceLo()[o] && d <= certified.differenceHi()[o],
          "float difference " + d + " of output " + o + " outside the certified bound");
    }

    Path file = dir.resolve("t.safetensors");
    TicketFiles.write(file, ticket, s.eta());
    assertEquals(ticket, TicketFiles.read(file));
  }

  /** 2L and the first L+1 layer pool in front of their copy layer, L+1 sum layers in front of themselves. */
  private static void assertPooledWhereTheConstructionPutsIt(Ticket ticket, List<TargetLayer> layers) {
    List<MotherLayerSpec> specs = ticket.mother().layers();
    for (int m = 0; m < specs.size(); m++) {
      MotherLayerSpec l = specs.get(m);
      if (l.role() == MotherLayerSpec.Role.COPY) {
        assertEquals(layers.get(specs.get(m + 1).targetLayer()).maxPool(), l.maxPoolBefore(), "copy layer " + m);
      } else if (specs.get(m - 1).role() == MotherLayerSpec.Role.COPY) {
        assertNull(l.maxPoolBefore(), "sum layer " + m + " reads pooled copies");
      } else {
        assertEquals(layers.get(l.targetLayer()).maxPool(), l.maxPoolBefore(), "sum layer " + m);
      }
    }
  }

  @Test
  void aTicketThatPoolsElsewhereIsNotCertified() {
    Network target = network(0, Activation.relu(), 3);
    List<TargetLayer> layers = TargetLayers.of(target);
    for (Construction c : Construction.values()) {
      ConstructionSettings s = ResidualTicketTest.settings(c, 0.05, 3, 1);
      Ticket ticket = ResidualTicketTest.build(target, s).ticket();
      List<MotherLayerSpec> moved = new ArrayList<>();
      for (MotherLayerSpec l : ticket.mother().layers()) {
        // the pool one layer later: after the copies (2L) or after the sum layer's convolution's input
        MotherLayerSpec previous = moved.isEmpty() ? null : ticket.mother().layers().get(moved.size() - 1);
        moved.add(withPool(l, previous == null ? null : previous.maxPoolBefore()));
      }
      Ticket wrong = new Ticket(
          new MotherSpec(ticket.mother().seed(), c, ticket.mother().inputShape(), moved), ticket.masks());
      TicketCertificate cert = TicketVerifier.certify(wrong, layers, s);
      assertFalse(cert.valid(), c + ": moved pool certified");
      assertTrue(cert.violations().toString().contains("max pooling"), () -> cert.violations().toString());
    }
  }

  private static MotherLayerSpec withPool(MotherLayerSpec l, MaxPool2d pool) {
    return new MotherLayerSpec(l.index(), l.role(), l.kind(), l.kernelHeight(), l.kernelWidth(), l.stride(),
        l.padding(), l.inputHeight(), l.inputWidth(), l.flattenBefore(), l.inputChannelIds(), l.channelIds(),
        l.weightScale(), l.activation(), l.targetLayer(), l.poolBefore(), l.skipSource(), l.skipStride(),
        l.skipKernel(), l.skipInputChannelIds(), l.skipWeightScale(), pool);
  }

  /** conv, pool, φ (the order of PyTorch's MNIST example) is read as conv, φ, pool: the same function. */
  @Test
  void aPoolBeforeTheActivationIsReadAsAfterIt() {
    for (ActivationKind kind : ActivationKind.values()) {
      Activation a = new Activation(kind, 0.1);
      Network after = network(1, a, 9);
      List<Layer> swapped = new ArrayList<>(after.layers());
      java.util.Collections.swap(swapped, 1, 2);
      Network before = new Network(after.inputShape(), swapped);
      assertEquals(TargetLayers.of(after), TargetLayers.of(before), kind.name());
      double[] x = new double[2 * 9 * 7];
      Random r = new Random(kind.ordinal());
      for (int i = 0; i < x.length; i++) {
        x[i] = 2 * r.nextDouble() - 1;
      }
      double[] y = NaiveReference.forward(after, x);
      double[] z = NaiveReference.forward(before, x);
      for (int o = 0; o < y.length; o++) {
        assertEquals(y[o], z[o], 1e-12, kind.name());
      }
    }
  }

  @Test
  void unsupportedPlacesOfMaxPoolingAreRejectedWithTheirLayer() {
    Random r = new Random(5);
    Activation a = Activation.relu();
    MaxPool2d pool = new MaxPool2d(2, 2, 0);
    Linear head = new Linear(ResidualTicketTest.tensor(r, 0.5, 2, 3), null);
    List<Network> bad = List.of(
        new Network(new int[] {2, 8, 8}, List.of(conv(r, 3, 2), a, pool, new GlobalAvgPool(), head)),
        new Network(new int[] {2, 8, 8}, List.of(conv(r, 3, 2), a, pool, pool, new GlobalAvgPool(), head)),
        new Network(new int[] {3, 8, 8}, List.of(pool, new ResidualBlock(List.of(conv(r, 3, 3)), List.of(), a),
            new GlobalAvgPool(), head)),
        new Network(new int[] {3, 8, 8}, List.of(
            new ResidualBlock(List.of(conv(r, 3, 3), a, new MaxPool2d(3, 1, 1), conv(r, 3, 3)), List.of(), a),
            new GlobalAvgPool(), head)));
    for (Network n : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetLayers.of(n));
      assertTrue(e.getMessage().contains("layer"), e.getMessage());
    }
    Network endsWithPool = new Network(new int[] {2, 8, 8}, List.of(conv(r, 3, 2), pool));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetLayers.of(endsWithPool))
        .getMessage().contains("MaxPool2d"));
  }
}
