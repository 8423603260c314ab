package org.ltcheck.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.data.Dataset;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

class EvaluatorTest {
  @Test
  void batchedEvaluationAgreesWithOneForwardAndReportsProgress() {
    Random rnd = new Random(100);
    Network net = new Network(new int[] {2, 4, 4}, List.of(
        RandomLayers.conv(rnd, 2, 3, 3, 1, 1, 0.8), Activation.relu(), new Flatten(),
        RandomLayers.linear(rnd, 48, 5, 1.0)));
    int n = 23;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextInt(5);
    }
    Dataset data = new Dataset(RandomLayers.tensor(rnd, 1.0, n, 2, 4, 4), labels, 5, "gen");
    try (InferenceEngine engine = new InferenceEngine(net, 2)) {
      FloatTensor all = engine.forward(data.images());
      List<Integer> progress = new ArrayList<>();
      Evaluator ev = new Evaluator(engine, 5);
      Evaluation e = ev.evaluate(data, (done, total) -> {
        assertEquals(n, total);
        progress.add(done);
      });
      assertEquals(List.of(5, 10, 15, 20, 23), progress);
      int correct = 0;
      for (int i = 0; i < n; i++) {
        int best = Evaluator.argmax(all, i * 5, 5);
        assertEquals(best, e.predictions()[i]);
        correct += best == labels[i] ? 1 : 0;
      }
      assertEquals(correct, e.correct());
      assertEquals(n, e.total());
      assertEquals(all, ev.logits(data, ProgressListener.NONE));
    }
  }

  @Test
  void argmaxTakesTheFirstMaximumAndIgnoresNan() {
    FloatTensor t = FloatTensor.of(new float[] {1, 3, 3, Float.NaN, 2, Float.NaN, Float.NaN}, 7);
    assertEquals(1, Evaluator.argmax(t, 0, 3));
    assertEquals(1, Evaluator.argmax(t, 3, 2));
    assertEquals(-1, Evaluator.argmax(t, 5, 2));
    assertArrayEquals(new int[] {0}, new int[] {Evaluator.argmax(FloatTensor.of(new float[] {Float.NEGATIVE_INFINITY}, 1), 0, 1)});
  }
}
