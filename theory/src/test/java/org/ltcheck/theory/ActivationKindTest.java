package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationKindTest {
  private static final float SLOPE = 0.01f;

  private static float[] inputs() {
    Random rnd = new Random(7);
    float[] x = new float[10_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextGaussian() * 6);
    }
    x[0] = 0f;
    x[1] = -0f;
    x[2] = Float.POSITIVE_INFINITY;
    x[3] = Float.NEGATIVE_INFINITY;
    x[4] = Float.MIN_VALUE;
    x[5] = -Float.MAX_VALUE;
    return x;
  }

  @Test
  void floatFunctionsAreTheDoubleDefinitionRoundedOnce() {
    for (ActivationKind k : ActivationKind.values()) {
      for (float x : inputs()) {
        float expected = (float) k.apply((double) x, SLOPE);
        if (k == ActivationKind.LEAKY_RELU) {
          expected = x > 0 ? x : SLOPE * x; // the slope product rounds in float32
        }
        assertEquals(expected, k.apply(x, SLOPE), Math.ulp(expected), k + " at " + x);
      }
    }
  }

  @Test
  void trainingReluThroughItsGradientMaskEqualsReluBitForBitExceptAtNaN() {
    for (float x : inputs()) {
      assertEquals(Float.floatToRawIntBits(ActivationKind.relu(x)),
          Float.floatToRawIntBits(ActivationKind.reluGradient(x, x)), "at " + x);
      assertEquals(Float.floatToRawIntBits(ActivationKind.leakyRelu(x, SLOPE)),
          Float.floatToRawIntBits(ActivationKind.leakyReluGradient(x, x, SLOPE)), "at " + x);
    }
    assertEquals(Float.NaN, ActivationKind.relu(Float.NaN));
    assertEquals(0f, ActivationKind.reluGradient(Float.NaN, Float.NaN));
  }

  @Test
  void gradientsAreTheDerivativesThroughTheOutput() {
    for (ActivationKind k : ActivationKind.values()) {
      for (float x : new float[] {-2.5f, -0.3f, 0.4f, 1.7f}) {
        float y = k.apply(x, SLOPE);
        double h = 1e-4;
        double numeric = (k.apply(x + h, SLOPE) - k.apply(x - h, SLOPE)) / (2 * h);
        assertEquals(3 * numeric, k.gradient(y, 3f, SLOPE), 1e-5, k + " at " + x);
      }
    }
  }
}
