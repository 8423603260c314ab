package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.data.Dataset;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.TicketNetworks;

class ToleranceSearchTest {
  private static final int[] INPUT = {2, 6, 6};
  private static final int CLASSES = 4;

  /** A CNN with U[-1,1] weights: per-parameter errors of 0.1 and more move its logits visibly. */
  private static Network target(long seed) {
    Random r = new Random(seed);
    return new Network(INPUT, List.of(
        new Conv2d(uniform(r, 4, 2, 3, 3), uniform(r, 4), 1, 1), Activation.relu(),
        new Conv2d(uniform(r, 4, 4, 3, 3), uniform(r, 4), 2, 1), Activation.relu(),
        new Flatten(), new Linear(uniform(r, CLASSES, 36), uniform(r, CLASSES))));
  }

  private static FloatTensor uniform(Random r, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * r.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  private static Dataset images(long seed, int n) {
    Random r = new Random(seed);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(CLASSES);
    }
    return new Dataset(uniform(r, n, INPUT[0], INPUT[1], INPUT[2]), labels, CLASSES, "uniform");
  }

  private static ConstructionSettings settings(double eps, long seed) {
    return new ConstructionSettings(Construction.TWO_L, eps, seed, 6, 12, 6, false, 2);
  }

  private static ToleranceSearch search() {
    return new ToleranceSearch(new TicketConstructor(new MinimumCardinalitySolver(6)), 2);
  }

  @Test
  void halvesTheToleranceUntilTheTicketAgreesAndReturnsThatCertifiedTicket() {
    Network target = target(7);
    Dataset calibration = images(8, 96);
    List<ToleranceSearch.Step> told = new ArrayList<>();
    List<Integer> calibrated = new ArrayList<>();
    ToleranceSearch.Outcome o = search().search(target, settings(0.3, 1), calibration, 1.0,
        new ToleranceSearch.Listener() {
          @Override
          public void calibrating(int images, int total) {
            assertEquals(calibration.size(), total);
            if (images == total) {
              calibrated.add(told.size());
            }
          }

          @Override
          public void finished(ToleranceSearch.Step step) {
            told.add(step);
          }
        });
    List<ToleranceSearch.Step> steps = o.steps();
    assertEquals(steps, told, "the listener hears every rung");
    List<Integer> beforeEachRungFinished = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      beforeEachRungFinished.add(k);
    }
    assertEquals(beforeEachRungFinished, calibrated, "each rung's calibration pass completes before it finishes");
    assertTrue(steps.size() >= 2, "at eps 0.3 the random target's decisions change: " + steps);
    for (int k = 0; k < steps.size(); k++) {
      assertEquals(0.3 / (1 << k), steps.get(k).eta(), 1e-15, "rung " + k);
      if (k < steps.size() - 1) {
        assertTrue(steps.get(k).agreement() < 1.0, "stopped at the first rung that agrees: " + steps);
      }
    }
    assertTrue(o.reached());
    assertEquals(1.0, steps.get(steps.size() - 1).agreement());
    assertEquals(steps.get(steps.size() - 1).eta(), o.settings().eta());

    TicketCertificate cert = TicketVerifier.certify(o.result().ticket(), TargetLayers.of(target), o.settings());
    assertTrue(cert.valid() && cert.maxError() <= o.settings().eta(), "certified at the tolerance found");
    Agreement again = TicketComparison.compare(target, TicketNetworks.ticket(o.result().ticket()), calibration, 1,
        (d, t) -> {});
    assertEquals(1.0, again.agreement(), "the returned ticket is the one measured");
    assertEquals(o.result().ticket().parameterCount(), steps.get(steps.size() - 1).ticketParameters());
  }

  @Test
  void anAgreementTheLoosestTicketReachesNeedsOneRungAndTheSameSeedGivesTheSameLadder() {
    Network target = target(9);
    Dataset calibration = images(10, 32);
    ToleranceSearch.Outcome once = search().search(target, settings(0.05, 3), calibration, 0.01,
        ToleranceSearch.Listener.NONE);
    assertEquals(1, once.steps().size());
    assertEquals(0.05, once.settings().eta());

    ToleranceSearch.Outcome a = search().search(target, settings(0.3, 3), calibration, 1.0, ToleranceSearch.Listener.NONE);
    ToleranceSearch.Outcome b = search().search(target, settings(0.3, 3), calibration, 1.0, ToleranceSearch.Listener.NONE);
    assertEquals(a.steps(), b.steps());
    for (int k = 0; k < a.result().ticket().masks().size(); k++) {
      assertArrayEquals(a.result().ticket().masks().get(k).keptWeights(), b.result().ticket().masks().get(k).keptWeights());
      assertArrayEquals(a.result().ticket().masks().get(k).keptBiases(), b.result().ticket().masks().get(k).keptBiases());
    }
  }

  @Test
  void rejectsAgreementsOutsideTheUnitIntervalAndEmptyCalibration() {
    Network target = target(1);
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> search().search(target, settings(0.1, 1), images(2, 4), bad, ToleranceSearch.Listener.NONE));
      assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> search().search(target, settings(0.1, 1), images(2, 4).subset(0, 0), 0.9, ToleranceSearch.Listener.NONE));
  }
}
