package org.ltcheck.simplify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.model.Activation;

class DeadNeuronsTest {
  /** A 2-channel 1x1 convolution on a 2x2 map, then a dense head reading its 2x2x2 = 8 features. */
  private static List<TargetLayer> convThenDense() {
    TargetLayer conv = new TargetLayer(TargetLayer.Kind.CONV, 2, 1, 1, 1, 1, 0, 2, 2, new double[] {0.5, -0.5},
        new double[] {0.1, 0.2}, Activation.relu(), TargetLayer.Reshape.NONE, null);
    double[] w = new double[3 * 2 * 4];
    for (int k = 0; k < w.length; k++) {
      w[k] = k + 1;
    }
    TargetLayer dense = new TargetLayer(TargetLayer.Kind.DENSE, 3, 2, 1, 1, 1, 0, 2, 2, w, new double[] {1, 2, 3},
        Activation.of(org.ltcheck.theory.ActivationKind.IDENTITY), TargetLayer.Reshape.FLATTEN, null);
    return List.of(conv, dense);
  }

  @Test
  void removingAChannelDropsItsRowAndThePositionsOfTheNextLayerThatReadIt() {
    List<TargetLayer> folded = new DeadNeurons(List.of(new int[] {0})).apply(convThenDense());
    TargetLayer conv = folded.get(0);
    assertEquals(1, conv.outChannels());
    assertArrayEquals(new double[] {-0.5}, conv.weights());
    assertArrayEquals(new double[] {0.2}, conv.bias());
    TargetLayer dense = folded.get(1);
    assertEquals(1, dense.inChannels());
    // Per output the 4 positions of input channel 1: entries 5..8, 13..16, 21..24.
    assertArrayEquals(new double[] {5, 6, 7, 8, 13, 14, 15, 16, 21, 22, 23, 24}, dense.weights());
    assertArrayEquals(new double[] {1, 2, 3}, dense.bias());
  }

  @Test
  void nothingRemovedLeavesTheLayersAndEqualityIgnoresTrailingEmptyLayers() {
    assertEquals(convThenDense(), DeadNeurons.none().apply(convThenDense()));
    assertEquals(DeadNeurons.none(), DeadNeurons.none(3));
    assertEquals(DeadNeurons.none().hashCode(), DeadNeurons.none(3).hashCode());
    DeadNeurons d = new DeadNeurons(List.of(new int[] {1}, new int[0]));
    assertEquals(new DeadNeurons(List.of(new int[] {1})), d);
    assertEquals(new DeadNeurons(List.of(new int[] {1})).hashCode(), d.hashCode());
    assertTrue(DeadNeurons.none(2).isEmpty());
    assertEquals(1, d.count());
    assertArrayEquals(new double[] {7, 9}, d.kept(0, new double[] {7, 8, 9}));
    assertArrayEquals(new double[] {7, 8}, d.kept(-1, new double[] {7, 8}), "the input is never removed");
  }

  @Test
  void removalsThatDoNotFitTheTargetAreRejectedWithTheValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new DeadNeurons(List.of(new int[] {1, 1})));
    assertTrue(e.getMessage().contains("[1, 1]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DeadNeurons(List.of(new int[] {-1})));
    List<TargetLayer> t = convThenDense();
    assertThrows(IllegalArgumentException.class, () -> new DeadNeurons(List.of(new int[] {0, 1})).apply(t),
        "a whole layer");
    assertThrows(IllegalArgumentException.class, () -> new DeadNeurons(List.of(new int[] {2})).apply(t));
    assertThrows(IllegalArgumentException.class, () -> new DeadNeurons(List.of(new int[0], new int[] {0})).apply(t),
        "an output");
    assertThrows(IllegalArgumentException.class,
        () -> new DeadNeurons(List.of(new int[0], new int[0], new int[] {0})).apply(t), "more layers");
  }
}
