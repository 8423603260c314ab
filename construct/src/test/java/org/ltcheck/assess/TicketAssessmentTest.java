package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.data.Dataset;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;

class TicketAssessmentTest {
  private static final int[] INPUT = {1, 5, 5};

  /** Conv 1→3 (3×3, padding 1) + ReLU, linear 75→3; every fourth weight zero, as after pruning. */
  private static Network target(Random r) {
    return new Network(INPUT, List.of(
        new Conv2d(sparse(r, 3, 1, 3, 3), sparse(r, 3), 1, 1), Activation.relu(),
        new Flatten(), new Linear(sparse(r, 3, 75), sparse(r, 3))));
  }

  private static FloatTensor sparse(Random r, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 4 == 3 ? 0 : (float) (r.nextDouble() - 0.5);
    }
    return FloatTensor.wrap(v, shape);
  }

  private static long nonZero(Network n) {
    long count = 0;
    for (var layer : n.layers()) {
      FloatTensor[] tensors = layer instanceof Conv2d c ? new FloatTensor[] {c.weight(), c.bias()}
          : layer instanceof Linear l ? new FloatTensor[] {l.weight(), l.bias()} : new FloatTensor[0];
      for (FloatTensor t : tensors) {
        for (float x : t.toArray()) {
          count += x != 0 ? 1 : 0;
        }
      }
    }
    return count;
  }

  private record Started(String task, long total) {}

  private static final class Recorder implements TaskProgress.Tasks {
    final List<Started> started = new ArrayList<>();
    int open;

    @Override
    public TaskProgress start(String task, long total) {
      started.add(new Started(task, total));
      open++;
      return new TaskProgress() {
        @Override
        public void stepTo(long done) {
          assertTrue(done >= 0 && done <= total, task + ": " + done + " of " + total);
        }

        @Override
        public void close() {
          open--;
        }
      };
    }
  }

  private static TicketAssessment assessment(Network target) {
    return new TicketAssessment(target, TargetLayers.of(target), "random", 1.0, 0.01, 2);
  }

  private static TicketConstructor.Result construct(Network target, ConstructionSettings s) {
    return new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize())).construct(target, s, done -> {});
  }

  private static ConstructionSettings settings(Construction c, double eta) {
    return new ConstructionSettings(c, eta, 5, 6, 12, 6, false, 2);
  }

  @Test
  void reportsTheCertifiedTicketAtTheSettingsToleranceAndSkipsEvaluationWithoutImages() {
    Network target = target(new Random(1));
    ConstructionSettings s = settings(Construction.TWO_L, 0.02);
    Recorder tasks = new Recorder();
    ConstructionReport r = assessment(target).assess(s, construct(target, s), null, null, tasks);
    assertTrue(r.certificate().valid() && r.certificate().maxError() <= 0.02, "certified at eta");
    assertEquals(0.02, r.eps());
    assertEquals("2L", r.construction());
    assertEquals("relu", r.activation());
    assertEquals(5, r.seed());
    assertEquals(nonZero(target), r.targetNonZeroParams(), "target parameters counted from its tensors");
    assertTrue(r.theory().motherParams() > 0, "the theory's mother is planned");
    assertTrue(r.outputBound().outputBound() > 0 && Double.isFinite(r.outputBound().outputBound()));
    assertNull(r.agreement());
    assertNull(r.calibration());
    assertEquals(0.0, r.evaluationSeconds());
    assertEquals(List.of(), tasks.started, "nothing to evaluate");
  }

  @Test
  void comparesOnTheTestImagesWithinTheirPerInputBoundsAndReportsEachTask() {
    Random r = new Random(2);
    Network target = target(r);
    int n = 40;
    int[] labels = new int[n];
    FloatTensor x = sparse(r, n, INPUT[0], INPUT[1], INPUT[2]);
    Dataset test = new Dataset(x, labels, 3, "uniform");
    ConstructionSettings s = settings(Construction.L_PLUS_ONE, 0.01);
    Recorder tasks = new Recorder();
    ConstructionReport report = assessment(target).assess(s, construct(target, s), test, null, tasks);
    assertEquals(List.of(new Started("certify", n), new Started("evaluate", 2L * n)), tasks.started);
    assertEquals(0, tasks.open, "every task's progress is closed");
    assertEquals(n, report.agreement().images());
    assertEquals(n, report.agreement().imagesWithinBound(), "the theorem: every logit difference within its bound");
    assertTrue(report.agreement().maxLogitDifference() <= report.outputBound().outputBound());
  }

  @Test
  void rejectsAFailureProbabilityOutsideTheUnitIntervalAndNoThreads() {
    Network target = target(new Random(3));
    for (double bad : new double[] {0, 1, Double.NaN}) {
      assertThrows(IllegalArgumentException.class,
          () -> new TicketAssessment(target, TargetLayers.of(target), "t", 1.0, bad, 1));
    }
    assertThrows(IllegalArgumentException.class,
        () -> new TicketAssessment(target, TargetLayers.of(target), "t", 1.0, 0.01, 0));
  }
}
