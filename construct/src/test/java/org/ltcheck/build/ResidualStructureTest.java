package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
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
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.inference.NaiveReference;
import org.ltcheck.testing.TargetForward;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.ticket.TicketNetworks;

/**
 * Residual shapes beyond open_lth's: a block reading the network input, a stride-1 convolution
 * shortcut without batch norm, a three-convolution body, a plain identity; target folding,
 * ticket files, mask ⊙ mother, and the errors for what is not supported.
 */
class ResidualStructureTest {
  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    long seed = 10;
    for (int shape = 0; shape < 4; shape++) {
      for (Construction c : Construction.values()) {
        for (ActivationKind k : new ActivationKind[] {ActivationKind.RELU, ActivationKind.SIGMOID}) {
          b.add(Arguments.of(shape, c, k, seed++));
        }
      }
    }
    return b.build();
  }

  static Conv2d conv(Random r, int out, int in, int k, int stride) {
    return new Conv2d(ResidualTicketTest.tensor(r, 0.5, out, in, k, k), ResidualTicketTest.tensor(r, 0.3, out), stride, k / 2);
  }

  static BatchNorm2d bn(Random r, int c) {
    float[][] p = new float[4][c];
    for (int i = 0; i < c; i++) {
      p[0][i] = (float) (0.5 + r.nextDouble());
      p[1][i] = (float) (0.2 * r.nextDouble() - 0.1);
      p[2][i] = (float) (0.2 * r.nextDouble() - 0.1);
      p[3][i] = (float) (0.5 + r.nextDouble());
    }
    return new BatchNorm2d(FloatTensor.wrap(p[0], c), FloatTensor.wrap(p[1], c), FloatTensor.wrap(p[2], c),
        FloatTensor.wrap(p[3], c), BatchNorm2d.PYTORCH_EPS);
  }

  /**
   * 0: identity block on the network input (one conv); 1: stride-1 conv shortcut 2 -> 3 without
   * batch norm; 2: three-conv body with a (C,1,1) scale; 3: plain identity after a stem, then a
   * downsampling block with conv + batch-norm shortcut.
   */
  static Network network(int shape, Activation a, long seed) {
    Random r = new Random(seed);
    List<Layer> layers = new ArrayList<>();
    int c;
    switch (shape) {
      case 0 -> {
        layers.add(new ResidualBlock(List.of(conv(r, 2, 2, 3, 1), bn(r, 2)), List.of(), a));
        c = 2;
      }
      case 1 -> {
        layers.add(new ResidualBlock(
            List.of(conv(r, 3, 2, 3, 1), a, conv(r, 3, 3, 3, 1)),
            List.of(new Conv2d(ResidualTicketTest.tensor(r, 0.7, 3, 2, 1, 1), null, 1, 0)), a));
        c = 3;
      }
      case 2 -> {
        layers.add(conv(r, 2, 2, 3, 1));
        layers.add(a);
        layers.add(new ResidualBlock(
            List.of(conv(r, 3, 2, 3, 1), a, conv(r, 2, 3, 1, 1), a, conv(r, 2, 2, 3, 1)),
            List.of(new ChannelScale(FloatTensor.wrap(new float[] {0.6f, -1.3f}, 2, 1, 1))), a));
        c = 2;
      }
      default -> {
        layers.add(conv(r, 2, 2, 3, 1));
        layers.add(bn(r, 2));
        layers.add(a);
        layers.add(new ResidualBlock(List.of(conv(r, 2, 2, 3, 1), bn(r, 2), a, conv(r, 2, 2, 3, 1)), List.of(), a));
        layers.add(new ResidualBlock(
            List.of(conv(r, 3, 2, 3, 2), bn(r, 3), a, conv(r, 3, 3, 3, 1), bn(r, 3)),
            List.of(new Conv2d(ResidualTicketTest.tensor(r, 0.7, 3, 2, 1, 1), null, 2, 0), bn(r, 3)), a));
        c = 3;
      }
    }
    layers.add(new GlobalAvgPool());
    layers.add(new Linear(ResidualTicketTest.tensor(r, 0.8, 2, c), ResidualTicketTest.tensor(r, 0.2, 2)));
    return new Network(new int[] {2, 5, 5}, layers);
  }

  @ParameterizedTest(name = "shape {0} {1} {2}")
  @MethodSource("cases")
  void certifiedLayerwiseCorrectAndStored(int shape, Construction c, ActivationKind kind, long seed, @TempDir Path dir)
      throws IOException {
    Network target = network(shape, Activation.of(kind), seed);
    List<TargetLayer> layers = TargetLayers.of(target);
    Random rnd = new Random(seed);
    double[] x = new double[50];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2 * rnd.nextDouble() - 1;
    }
    double[][] h = TargetForward.outputs(layers, target.inputShape(), x);
    double[] direct = NaiveReference.forward(target, x);
    for (int o = 0; o < direct.length; o++) {
      assertEquals(direct[o], h[layers.size()][o], 1e-9, "folded target layers compute the network");
    }

    ConstructionSettings s = ResidualTicketTest.settings(c, 0.02, seed, 2);
    Ticket ticket = ResidualTicketTest.build(target, s).ticket();
    TicketCertificate cert = TicketVerifier.certify(ticket, layers, s);
    assertTrue(cert.valid(), () -> cert.violations() + " max error " + cert.maxError());
    LayerwiseTicketTest.check(ticket, layers, target.inputShape(), x, s.eta(), cert);
    ErrorBound bound = TicketErrorBound.worstCase(layers, 1.0, cert);
    double[] out = NaiveReference.forward(TicketNetworks.ticket(ticket), x);
    for (int o = 0; o < out.length; o++) {
      assertTrue(Math.abs(out[o] - direct[o]) <= bound.outputBound() + 1e-9);
    }

    Path file = dir.resolve("t.safetensors");
    TicketFiles.write(file, ticket, s.eta());
    assertEquals(ticket, TicketFiles.read(file));
    assertTrue(Files.isRegularFile(TicketFiles.manifestPath(file)));

    List<FloatTensor> mother = parameters(TicketNetworks.mother(ticket.mother()).layers());
    List<FloatTensor> pruned = parameters(TicketNetworks.ticket(ticket).layers());
    assertEquals(mother.size(), pruned.size());
    long kept = 0;
    for (int k = 0; k < mother.size(); k++) {
      for (int i = 0; i < mother.get(k).size(); i++) {
        float v = pruned.get(k).get(i);
        assertTrue(v == 0f || v == mother.get(k).get(i), "ticket parameters are mother parameters or pruned");
        kept += v != 0f ? 1 : 0;
      }
    }
    assertTrue(kept <= ticket.parameterCount());
    assertEquals(ticket.mother().parameterCount(), mother.stream().mapToLong(FloatTensor::size).sum());
  }

  /** Weights and biases of every conv / linear layer, blocks and shortcuts included, in order. */
  static List<FloatTensor> parameters(List<Layer> layers) {
    List<FloatTensor> out = new ArrayList<>();
    for (Layer l : layers) {
      if (l instanceof Conv2d c) {
        out.add(c.weight());
        if (c.bias() != null) {
          out.add(c.bias());
        }
      } else if (l instanceof Linear lin) {
        out.add(lin.weight());
        out.add(lin.bias());
      } else if (l instanceof ResidualBlock b) {
        out.addAll(parameters(b.body()));
        out.addAll(parameters(b.shortcut()));
      }
    }
    return out;
  }

  /**
   * Regression (found by the residual properties): an extra copy built while repairing a later
   * layer solves its problems in a batch, then repairs some of them at once, which grows the
   * copy groups the remaining problems were solved on; the edges must be kept from the base set
   * each problem was solved on, not from the grown group.
   */
  @Test
  void channelsBuiltDuringRepairKeepTheBaseTheyWereSolvedOn() {
    Random r = new Random(2); // the draws of the property's sample (targetSeed 2, two segments, one block)
    int[] widths = {2 + r.nextInt(2), 2 + r.nextInt(2)};
    ResNetPlan plan = new ResNetPlan(1 + r.nextInt(2), 4 + r.nextInt(3), widths, 1, 2 + r.nextInt(2));
    Network net = CifarResNetTarget.fromStateDict(
        RandomResNetTarget.stateDict(plan, 2,
            new RandomResNetTarget.Options(RandomResNetTarget.IdentityShortcut.PLAIN, true, 0.3 * r.nextDouble())),
        plan.inputShape(), Activation.relu());
    ConstructionSettings s = new ConstructionSettings(Construction.L_PLUS_ONE, 0.01, 5816, 6, 12, 6, false, 1, 1.0);
    TicketConstructor.Result result = ResidualTicketTest.build(net, s);
    assertTrue(result.statistics().extraChannels() > 0);
    TicketCertificate cert = TicketVerifier.certify(result.ticket(), TargetLayers.of(net), s);
    assertTrue(cert.valid(), () -> "max error " + cert.maxError());
  }

  @Test
  void unsupportedShapesAreRejectedWithTheirLayer() {
    Random r = new Random(1);
    Activation a = Activation.relu();
    Network lastHasActivation = new Network(new int[] {2, 4, 4}, List.of(
        new ResidualBlock(List.of(conv(r, 2, 2, 3, 1), a), List.of(), a), new GlobalAvgPool(),
        new Linear(ResidualTicketTest.tensor(r, 1, 2, 2), null)));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetLayers.of(lastHasActivation))
        .getMessage().contains("layer 0"));
    Network wideShortcut = new Network(new int[] {2, 4, 4}, List.of(
        new ResidualBlock(List.of(conv(r, 2, 2, 3, 1)), List.of(conv(r, 2, 2, 3, 1)), a), new GlobalAvgPool(),
        new Linear(ResidualTicketTest.tensor(r, 1, 2, 2), null)));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TargetLayers.of(wideShortcut))
        .getMessage().contains("1x1"));
    Network mixed = new Network(new int[] {2, 4, 4}, List.of(
        conv(r, 2, 2, 3, 1), Activation.of(ActivationKind.TANH), conv(r, 2, 2, 3, 1), a, new GlobalAvgPool(),
        new Linear(ResidualTicketTest.tensor(r, 1, 2, 2), null)));
    ConstructionSettings s = ResidualTicketTest.settings(Construction.L_PLUS_ONE, 0.05, 1, 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ResidualTicketTest.build(mixed, s))
        .getMessage().contains("one hidden activation"));
    Network tanh = network(2, Activation.of(ActivationKind.TANH), 3);
    ConstructionSettings noBound = new ConstructionSettings(Construction.L_PLUS_ONE, 0.05, 1, 6, 12, 6, false, 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ResidualTicketTest.build(tanh, noBound))
        .getMessage().contains("withInputBound"));
  }
}
