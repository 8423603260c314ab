package org.ltcheck.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Network;
import org.ltcheck.inference.NaiveReference;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.testing.TargetForward;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

/**
 * Every mother sum layer of a ticket, fed exact copies of its target inputs (what the layer below
 * would produce without error), reproduces its target layer within λ·(η·Σ_{w≠0}|h| + η + L):
 * a functional check of each layer's construction — kernel weights, shortcut weights, biases,
 * sign parts, sigmoid offsets, pooling — that does not depend on how errors amplify through
 * depth, independent of the certificate's own arithmetic.
 */
class LayerwiseTicketTest {

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
    return ResidualTicketTest.cases();
  }

  @ParameterizedTest(name = "{0} {1} plan {2}")
  @MethodSource("cases")
  void everyLayerReproducesItsTargetFromExactInputs(Construction c, ActivationKind kind, int plan, long seed) {
    Network target = ResidualTicketTest.target(plan, kind, seed);
    ConstructionSettings s = ResidualTicketTest.settings(c, 0.01, seed, 2);
    Ticket ticket = ResidualTicketTest.build(target, s).ticket();
    List<TargetLayer> layers = TargetLayers.of(target);
    TicketCertificate cert = TicketVerifier.certify(ticket, layers, s);
    Random rnd = new Random(seed);
    for (int n = 0; n < 3; n++) {
      double[] x = new double[(int) org.ltcheck.tensor.FloatTensor.numelOf(target.inputShape())];
      for (int i = 0; i < x.length; i++) {
        x[i] = (2 * rnd.nextDouble() - 1) * ResidualTicketTest.INPUT_BOUND;
      }
      check(ticket, layers, target.inputShape(), x, s.eta(), cert);
    }
  }

  /** Checks every sum layer of {@code ticket} on input {@code x}. */
  static void check(Ticket ticket, List<TargetLayer> layers, int[] inputShape, double[] x, double eta, TicketCertificate cert) {
    double[][] h = TargetForward.outputs(layers, inputShape, x);
    MotherSpec spec = ticket.mother();
    MotherRandom random = new MotherRandom(spec.seed());
    List<double[]> ideal = new ArrayList<>();
    List<int[]> dims = new ArrayList<>();
    int[] represented = new int[spec.layers().size()];
    for (int m = 0; m < spec.layers().size(); m++) {
      MotherLayerSpec l = spec.layers().get(m);
      double[] in = m == 0 ? x : ideal.get(m - 1);
      int[] inDims = m == 0 ? new int[] {inputShape[1], inputShape[2]} : dims.get(m - 1);
      if (l.maxPoolBefore() != null) {
        int channels = m == 0 ? inputShape[0] : spec.layers().get(m - 1).outChannels();
        in = TargetForward.maxPool(in, channels, inDims[0], inDims[1], l.maxPoolBefore());
        inDims = new int[] {l.maxPoolBefore().outputShape(new int[] {channels, inDims[0], inDims[1]})[1],
            l.maxPoolBefore().outputShape(new int[] {channels, inDims[0], inDims[1]})[2]};
      }
      Layer weights = TicketNetworks.weightLayer(l, ticket.masks().get(m), random);
      double[] pre = run(weights, l, in, inDims);
      int[] outDims = l.kind() == TargetLayer.Kind.CONV
          ? new int[] {(inDims[0] + 2 * l.padding() - l.kernelHeight()) / l.stride() + 1,
              (inDims[1] + 2 * l.padding() - l.kernelWidth()) / l.stride() + 1}
          : new int[] {1, 1};
      if (l.role() == MotherLayerSpec.Role.COPY) {
        represented[m] = m == 0 ? -1 : represented[m - 1];
        ideal.add(activate(l.activation(), pre));
        dims.add(outDims);
        continue;
      }
      represented[m] = l.targetLayer();
      if (l.hasSkip()) {
        int src = l.skipSource();
        double[] side = NaiveReference.forward(
            new Network(new int[] {l.skipInChannels(), dims.get(src)[0], dims.get(src)[1]},
                List.of(TicketNetworks.shortcut(l, ticket.masks().get(m), random))),
            ideal.get(src));
        for (int k = 0; k < pre.length; k++) {
          pre[k] += side[k];
        }
      }
      double[] actual = activate(l.activation(), pre);
      TargetLayer t = layers.get(l.targetLayer());
      double[] inputs = inputMagnitudes(t, h, l.targetLayer());
      double[] expected = h[l.targetLayer() + 1];
      int per = outDims[0] * outDims[1];
      double[] lin = cert.layers().get(l.targetLayer()).linearisationErrors();
      for (int o = 0; o < l.outChannels(); o++) {
        long id = l.channelId(o);
        int j = ChannelId.group(id);
        double allowed = ChannelId.isBias(id) ? 1e-9
            : t.activation().lipschitz() * (eta * (reach(t, j, inputs) + 1) + lin[j]) * (1 + 1e-9) + 1e-12;
        for (int p = 0; p < per; p++) {
          double want = ChannelId.isBias(id) ? l.activation().apply(random.bias(m, id)) : expected[j * per + p];
          double diff = Math.abs(actual[o * per + p] - want);
          if (!(diff <= allowed)) {
            throw new AssertionError("mother layer " + m + " channel " + o + " (group " + j + ") position " + p
                + ": |ticket - target| = " + diff + " > " + allowed);
          }
        }
      }
      // what the next layers read: exact target values in every copy, φ(β) in constants
      double[] exact = new double[l.outChannels() * per];
      for (int o = 0; o < l.outChannels(); o++) {
        long id = l.channelId(o);
        for (int p = 0; p < per; p++) {
          exact[o * per + p] = ChannelId.isBias(id)
              ? l.activation().apply(random.bias(m, id))
              : expected[ChannelId.group(id) * per + p];
        }
      }
      ideal.add(exact);
      dims.add(outDims);
    }
  }

  /** Per input channel (main, then shortcut), the largest |h| the layer reads. */
  private static double[] inputMagnitudes(TargetLayer t, double[][] h, int l) {
    double[] main = h[l];
    if (t.before() == TargetLayer.Reshape.GLOBAL_AVG_POOL) {
      main = TargetForward.pool(main, t.inChannels());
    }
    int skipIn = t.hasSkip() ? t.skip().inChannels() : 0;
    double[] m = new double[t.inChannels() + skipIn];
    int per = main.length / t.inChannels();
    for (int i = 0; i < t.inChannels(); i++) {
      for (int p = 0; p < per; p++) {
        m[i] = Math.max(m[i], Math.abs(main[i * per + p]));
      }
    }
    if (t.hasSkip()) {
      double[] src = h[t.skip().source() + 1];
      int sp = src.length / skipIn;
      for (int i = 0; i < skipIn; i++) {
        for (int p = 0; p < sp; p++) {
          m[t.inChannels() + i] = Math.max(m[t.inChannels() + i], Math.abs(src[i * sp + p]));
        }
      }
    }
    return m;
  }

  /** Σ over nonzero weights (kernel and shortcut) of the largest |h| they read. */
  private static double reach(TargetLayer t, int j, double[] inputs) {
    double r = 0;
    for (int i = 0; i < t.inChannels(); i++) {
      for (int p = 0; p < t.positions(); p++) {
        if (t.weight(j, i, p) != 0) {
          r += inputs[i];
        }
      }
    }
    if (t.hasSkip()) {
      for (int i = 0; i < t.skip().inChannels(); i++) {
        if (t.skip().weight(j, i) != 0) {
          r += inputs[t.inChannels() + i];
        }
      }
    }
    return r;
  }

  private static double[] run(Layer weights, MotherLayerSpec l, double[] in, int[] inDims) {
    double[] input = in;
    int[] shape;
    if (l.poolBefore()) {
      input = TargetForward.pool(in, l.inChannels());
      shape = new int[] {l.inChannels()};
    } else if (l.kind() == TargetLayer.Kind.CONV) {
      shape = new int[] {l.inChannels(), inDims[0], inDims[1]};
    } else {
      shape = new int[] {l.inChannels() * l.positions()};
    }
    return NaiveReference.forward(new Network(shape, List.of(weights)), input);
  }

  private static double[] activate(Activation a, double[] pre) {
    double[] y = new double[pre.length];
    for (int k = 0; k < y.length; k++) {
      y[k] = a.apply(pre[k]);
    }
    return y;
  }
}
