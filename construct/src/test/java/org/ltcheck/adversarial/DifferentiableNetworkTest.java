package org.ltcheck.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

class DifferentiableNetworkTest {
  /** Central-difference step: small against the inputs, large against double roundoff. */
  private static final double H = 1e-6;

  @Test
  void gradientMatchesCentralDifferencesForEveryLayerType() {
    Random rnd = new Random(15);
    for (Network net : TestNetworks.everyLayerType(rnd)) {
      DifferentiableNetwork d = DifferentiableNetwork.compile(net);
      DifferentiableNetwork.Tape tape = d.newTape();
      for (int trial = 0; trial < 3; trial++) {
        double[] x = TestNetworks.gaussian(rnd, d.inputSize());
        double[] w = TestNetworks.gaussian(rnd, d.outputSize());
        tape.forward(x);
        double[] grad = tape.backward(w);
        for (int j = 0; j < x.length; j++) {
          double[] plus = x.clone();
          double[] minus = x.clone();
          plus[j] += H;
          minus[j] -= H;
          double numeric = (dot(w, tape.forward(plus)) - dot(w, tape.forward(minus))) / (2 * H);
          assertEquals(numeric, grad[j], 1e-6 + 1e-5 * Math.abs(numeric),
              "d/dx" + j + " of " + net + " trial " + trial);
        }
      }
    }
  }

  @Test
  void forwardMatchesFloatInference() {
    Random rnd = new Random(16);
    for (Network net : TestNetworks.everyLayerType(rnd)) {
      DifferentiableNetwork d = DifferentiableNetwork.compile(net);
      float[] x = new float[d.inputSize()];
      double[] xd = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) rnd.nextGaussian();
        xd[j] = x[j];
      }
      int[] shape = new int[net.inputShape().length + 1];
      shape[0] = 1;
      System.arraycopy(net.inputShape(), 0, shape, 1, net.inputShape().length);
      float[] expected;
      try (InferenceEngine engine = new InferenceEngine(net, 1)) {
        expected = engine.forward(FloatTensor.wrap(x, shape)).toArray();
      }
      double[] actual = d.newTape().forward(xd);
      for (int k = 0; k < actual.length; k++) {
        assertEquals(expected[k], actual[k], 1e-4 * (1 + Math.abs(expected[k])), "output " + k + " of " + net);
      }
    }
  }

  @Test
  void tapesAreIndependent() {
    Random rnd = new Random(17);
    Network net = TestNetworks.everyLayerType(rnd).get(2);
    DifferentiableNetwork d = DifferentiableNetwork.compile(net);
    double[] x = TestNetworks.gaussian(rnd, d.inputSize());
    double[] y = TestNetworks.gaussian(rnd, d.inputSize());
    double[] w = TestNetworks.gaussian(rnd, d.outputSize());
    DifferentiableNetwork.Tape a = d.newTape();
    DifferentiableNetwork.Tape b = d.newTape();
    a.forward(x);
    double[] alone = a.backward(w);
    a.forward(x);
    b.forward(y);
    b.backward(w);
    assertArrayEquals(alone, a.backward(w));
  }

  @Test
  void rejectsWrongSizesAndBackwardFirst() {
    Network net = TestNetworks.everyLayerType(new Random(18)).get(0);
    DifferentiableNetwork.Tape tape = DifferentiableNetwork.compile(net).newTape();
    assertThrows(IllegalStateException.class, () -> tape.backward(new double[4]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.forward(new double[5]));
    assertTrue(e.getMessage().contains("5"), e.getMessage());
    tape.forward(new double[3 * 9 * 7]);
    assertThrows(IllegalArgumentException.class, () -> tape.backward(new double[3]));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
