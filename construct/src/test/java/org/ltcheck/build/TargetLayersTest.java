package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.testing.SmallTickets;

class TargetLayersTest {
  @Test
  void batchNormIsFoldedIntoTheConvolutionWithoutChangingTheFunction() {
    Random r = new Random(5);
    FloatTensor var = FloatTensor.of(new float[] {0.5f, 2f, 1.3f}, 3);
    Network withBn = new Network(new int[] {2, 6, 6}, List.of(
        new Conv2d(SmallTickets.tensor(r, 3, 2, 3, 3), null, 2, 1),
        new BatchNorm2d(SmallTickets.tensor(r, 3), SmallTickets.tensor(r, 3), SmallTickets.tensor(r, 3), var, 1e-5),
        Activation.relu(), new Flatten(), new Linear(SmallTickets.tensor(r, 4, 27), null)));
    List<TargetLayer> layers = TargetLayers.of(withBn);
    assertEquals(2, layers.size());
    TargetLayer conv = layers.get(0);
    assertEquals(2, conv.stride());
    assertEquals(3 * 3, conv.positions());
    assertEquals(9, layers.get(1).positions(), "the head sees 3 channels of 3x3 positions");

    // Rebuild a plain conv from the folded weights and compare outputs.
    float[] w = new float[3 * 2 * 9];
    float[] b = new float[3];
    for (int j = 0; j < 3; j++) {
      b[j] = (float) conv.bias(j);
      for (int i = 0; i < 2; i++) {
        for (int p = 0; p < 9; p++) {
          w[(j * 2 + i) * 9 + p] = (float) conv.weight(j, i, p);
        }
      }
    }
    Network folded = new Network(new int[] {2, 6, 6}, List.of(
        new Conv2d(FloatTensor.wrap(w, 3, 2, 3, 3), FloatTensor.wrap(b, 3), 2, 1), Activation.relu(),
        new Flatten(), withBn.layers().get(4)));
    FloatTensor x = SmallTickets.tensor(new Random(9), 5, 2, 6, 6);
    try (InferenceEngine a = new InferenceEngine(withBn, 1); InferenceEngine f = new InferenceEngine(folded, 1)) {
      FloatTensor ya = a.forward(x);
      FloatTensor yf = f.forward(x);
      for (int k = 0; k < ya.size(); k++) {
        assertEquals(ya.get(k), yf.get(k), 1e-4);
      }
    }
  }

  @Test
  void nonFiniteWeightsAndHiddenOutputActivationsAreRejectedWithTheirLocation() {
    Random r = new Random(1);
    float[] bad = SmallTickets.tensor(r, 2, 1, 3, 3).toArray();
    bad[7] = Float.NaN;
    Network nan = new Network(new int[] {1, 4, 4}, List.of(
        new Conv2d(FloatTensor.wrap(bad, 2, 1, 3, 3), null, 1, 1), Activation.relu(), new Flatten(),
        new Linear(SmallTickets.tensor(r, 2, 32), null)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetLayers.of(nan));
    assertTrue(e.getMessage().contains("flat index 7"), e.getMessage());

    Network activatedOutput = new Network(new int[] {3}, List.of(
        new Linear(SmallTickets.tensor(r, 2, 3), null), Activation.relu()));
    assertThrows(IllegalArgumentException.class, () -> TargetLayers.of(activatedOutput));
  }
}
