package org.ltcheck.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

class ProjectedGradientDifferenceAscentTest {
  private static final DifferenceSearchSettings QUICK =
      DifferenceSearchSettings.defaults().withStarts(2, 4, 4).withSteps(20);

  /** Two linear maps differing by e in weight (k, j): the sup is e·max(|l_j|, |u_j|), at a corner. */
  @Test
  void findsTheKnownSupremumOfTwoLinearMaps() {
    Random rnd = new Random(21);
    int in = 5;
    int out = 3;
    // Multiples of 1/8 and small dyadic bounds: every float32 sum below is exact.
    float[] w = new float[out * in];
    float[] b = new float[out];
    for (int i = 0; i < w.length; i++) {
      w[i] = (rnd.nextInt(17) - 8) / 8f;
    }
    for (int o = 0; o < out; o++) {
      b[o] = (rnd.nextInt(9) - 4) / 4f;
    }
    double[] lower = {-1, -3, -0.5, 0.25, -2};
    double[] upper = {2, 1, 0.5, 1.5, -1};
    for (int j = 0; j < in; j++) {
      for (float e : new float[] {0.5f, -0.25f}) {
        float[] v = w.clone();
        v[2 * in + j] += e;
        Network target = linear(w, b, out, in);
        Network ticket = linear(v, b, out, in);
        DifferenceSearchResult r = search(ticket, target, lower, upper, null, QUICK);
        double expected = Math.abs(e) * Math.max(Math.abs(lower[j]), Math.abs(upper[j]));
        assertEquals(expected, r.found(), 1e-6 * expected, "weight (2, " + j + ") + " + e);
        assertEquals(2, r.logit());
        double xj = r.input()[j];
        assertEquals(Math.signum(e * xj), r.sign());
      }
    }
  }

  /**
   * Ticket and target differ by e in the head weight reading one ReLU unit h of a convolution:
   * the sup is |e|·max(0, max over the box of h), which interval arithmetic gives exactly.
   */
  @Test
  void findsTheKnownSupremumThroughAReluConvolution() {
    Random rnd = new Random(22);
    Conv2d conv = TestNetworks.conv(rnd, 2, 3, 3, 3, 1, 1, 0.7);
    int features = 3 * 4 * 4;
    Linear head = TestNetworks.linear(rnd, features, 4, 1.0);
    int unit = 17;
    float e = 0.375f;
    float[] changed = head.weight().toArray();
    changed[features + unit] += e;
    Linear ticketHead = new Linear(FloatTensor.wrap(changed, 4, features), head.bias());
    int[] shape = {2, 4, 4};
    Network target = new Network(shape, List.of(conv, Activation.relu(), new Flatten(), head));
    Network ticket = new Network(shape, List.of(conv, Activation.relu(), new Flatten(), ticketHead));
    double[] lower = new double[32];
    double[] upper = new double[32];
    for (int j = 0; j < 32; j++) {
      lower[j] = -1 + 0.5 * rnd.nextDouble();
      upper[j] = 0.5 + rnd.nextDouble();
    }
    double unitMax = unitMaximum(conv, unit, lower, upper, shape);
    assertTrue(unitMax > 0, "the test needs a unit that can be active");
    DifferenceSearchResult r = search(ticket, target, lower, upper, null, QUICK);
    assertEquals(e * unitMax, r.found(), 1e-5 * e * unitMax);
    assertEquals(1, r.logit());
    assertEquals(1, r.sign());
  }

  @Test
  void resultsAreIdenticalForEveryThreadCount() {
    Random rnd = new Random(23);
    List<Network> nets = TestNetworks.everyLayerType(rnd);
    Network target = nets.get(0);
    Network ticket = perturbed(target, new Random(24), 0.05);
    int n = 3 * 9 * 7;
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(lower, -1);
    Arrays.fill(upper, 2);
    FloatTensor images = TestNetworks.values(rnd, 1, 3, 3, 9, 7);
    DifferenceSearchResult one = search(ticket, target, lower, upper, images, QUICK);
    DifferenceSearchResult two = search(ticket, target, lower, upper, images, QUICK.withThreads(2));
    DifferenceSearchResult again = search(ticket, target, lower, upper, images, QUICK.withThreads(2));
    for (DifferenceSearchResult r : List.of(two, again)) {
      assertEquals(one.found(), r.found());
      assertEquals(one.logit(), r.logit());
      assertEquals(one.sign(), r.sign());
      assertArrayEquals(one.input(), r.input());
      assertEquals(one.forwardPasses(), r.forwardPasses());
      assertEquals(one.backwardPasses(), r.backwardPasses());
    }
    assertEquals(2 * (2 + 1 + 4 + 4), one.ascents(), "2 objectives for 2 images, the centre, 4 corners, 4 points");
    DifferenceSearchResult other = search(ticket, target, lower, upper, images, QUICK.withSeed(99));
    assertTrue(other.found() > 0);
  }

  /**
   * On 2- and 3-dimensional boxes a grid gives the true maximum up to the networks' Lipschitz
   * constants times half the spacing: the search may not exceed it and should come close.
   */
  @Test
  void staysBelowTheBruteForcedMaximumOnSmallBoxes() {
    for (int dims = 2; dims <= 3; dims++) {
      Random rnd = new Random(25 + dims);
      List<Layer> layers = List.of(TestNetworks.linear(rnd, dims, 12, 1.0), Activation.relu(),
          TestNetworks.linear(rnd, 12, 12, 0.8), Activation.of(ActivationKind.TANH),
          TestNetworks.linear(rnd, 12, 3, 1.0));
      Network target = new Network(new int[] {dims}, layers);
      Network ticket = perturbed(target, new Random(30 + dims), 0.1);
      double[] lower = new double[dims];
      double[] upper = new double[dims];
      for (int j = 0; j < dims; j++) {
        lower[j] = -2 + rnd.nextDouble();
        upper[j] = lower[j] + 1 + 2 * rnd.nextDouble();
      }
      int perAxis = dims == 2 ? 301 : 61;
      double gridMax = gridMaximum(ticket, target, lower, upper, perAxis);
      double halfSpacing = 0;
      for (int j = 0; j < dims; j++) {
        halfSpacing = Math.max(halfSpacing, (upper[j] - lower[j]) / (perAxis - 1) / 2);
      }
      double slack = (lipschitz(ticket) + lipschitz(target)) * halfSpacing + 1e-5;
      DifferenceSearchResult r = search(ticket, target, lower, upper, null, QUICK);
      assertTrue(r.found() <= gridMax + slack, dims + "D: found " + r.found() + " > grid " + gridMax + " + " + slack);
      assertTrue(r.found() >= 0.99 * gridMax, dims + "D: found " + r.found() + " far below grid " + gridMax);
      for (int j = 0; j < dims; j++) {
        assertTrue(r.input()[j] >= lower[j] && r.input()[j] <= upper[j], "input outside the box");
      }
    }
  }

  @Test
  void rejectsRegionsOfTheWrongSize() {
    Network net = linear(new float[] {1, 2}, new float[] {0}, 1, 2);
    try (ProjectedGradientDifferenceAscent s = new ProjectedGradientDifferenceAscent(net, net)) {
      assertThrows(IllegalArgumentException.class,
          () -> s.search(new double[3], new double[3], null, DifferenceSearchSettings.defaults()));
    }
  }

  @Test
  void objectivesAreTheLargestSignedDifferences() {
    List<int[]> o = ProjectedGradientDifferenceAscent.largestObjectives(new double[] {0.5, -2, 1}, 3);
    assertArrayEquals(new int[] {1, -1}, o.get(0));
    assertArrayEquals(new int[] {2, 1}, o.get(1));
    assertArrayEquals(new int[] {0, 1}, o.get(2));
  }

  private static DifferenceSearchResult search(Network ticket, Network target, double[] lower, double[] upper,
      FloatTensor images, DifferenceSearchSettings settings) {
    try (ProjectedGradientDifferenceAscent s = new ProjectedGradientDifferenceAscent(ticket, target)) {
      return s.search(lower, upper, images, settings);
    }
  }

  private static Network linear(float[] w, float[] b, int out, int in) {
    return new Network(new int[] {in}, List.of(new Linear(FloatTensor.wrap(w, out, in), FloatTensor.wrap(b, out))));
  }

  /** max over the box of pre-activation {@code unit} (flat index) of a convolution: each weight at its best bound. */
  private static double unitMaximum(Conv2d conv, int unit, double[] lower, double[] upper, int[] shape) {
    int h = shape[1];
    int w = shape[2];
    int o = unit / (h * w);
    int y = unit / w % h;
    int x = unit % w;
    double sum = conv.bias().get(o);
    for (int c = 0; c < conv.inChannels(); c++) {
      for (int ky = 0; ky < 3; ky++) {
        for (int kx = 0; kx < 3; kx++) {
          int iy = y + ky - 1;
          int ix = x + kx - 1;
          if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
            double wt = conv.weight().get(((o * conv.inChannels() + c) * 3 + ky) * 3 + kx);
            int j = (c * h + iy) * w + ix;
            sum += Math.max(wt * lower[j], wt * upper[j]);
          }
        }
      }
    }
    return Math.max(0, sum);
  }

  /** The network with a sparse random change of every weight tensor, as a ticket's errors are. */
  private static Network perturbed(Network net, Random rnd, double size) {
    List<Layer> layers = net.layers().stream().map(l -> {
      if (l instanceof Linear lin) {
        return (Layer) new Linear(plus(lin.weight(), rnd, size), lin.bias());
      } else if (l instanceof Conv2d c) {
        return (Layer) new Conv2d(plus(c.weight(), rnd, size), c.bias(), c.stride(), c.padding());
      }
      return l;
    }).toList();
    return new Network(net.inputShape(), layers);
  }

  private static FloatTensor plus(FloatTensor t, Random rnd, double size) {
    float[] v = t.toArray();
    for (int i = 0; i < v.length; i++) {
      if (v[i] != 0f && rnd.nextDouble() < 0.3) {
        v[i] += (float) (size * (2 * rnd.nextDouble() - 1));
      }
    }
    return FloatTensor.wrap(v, t.shape());
  }

  /** Product of the layers' ∞-norms (max absolute row sum); activations here are 1-Lipschitz. */
  private static double lipschitz(Network net) {
    double l = 1;
    for (Layer layer : net.layers()) {
      if (layer instanceof Linear lin) {
        double norm = 0;
        for (int o = 0; o < lin.outFeatures(); o++) {
          double row = 0;
          for (int i = 0; i < lin.inFeatures(); i++) {
            row += Math.abs(lin.weight().get(o * lin.inFeatures() + i));
          }
          norm = Math.max(norm, row);
        }
        l *= norm;
      }
    }
    return l;
  }

  private static double gridMaximum(Network ticket, Network target, double[] lower, double[] upper, int perAxis) {
    DifferentiableNetwork.Tape a = DifferentiableNetwork.compile(ticket).newTape();
    DifferentiableNetwork.Tape b = DifferentiableNetwork.compile(target).newTape();
    int dims = lower.length;
    int[] index = new int[dims];
    double max = 0;
    double[] x = new double[dims];
    while (true) {
      for (int j = 0; j < dims; j++) {
        x[j] = lower[j] + (upper[j] - lower[j]) * index[j] / (perAxis - 1);
      }
      double[] fa = a.forward(x);
      double[] fb = b.forward(x);
      for (int k = 0; k < fa.length; k++) {
        max = Math.max(max, Math.abs(fa[k] - fb[k]));
      }
      int j = 0;
      while (j < dims && ++index[j] == perAxis) {
        index[j++] = 0;
      }
      if (j == dims) {
        return max;
      }
    }
  }
}
