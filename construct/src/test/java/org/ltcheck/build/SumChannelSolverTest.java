package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MeetInTheMiddleSolver;
import org.ltcheck.subsetsum.SubsetSumSolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;

class SumChannelSolverTest {
  @Test
  void aGroupThatFitsIsTheSolversBaseSetItself() {
    List<Channel> group = copies(SubsetSumSolver.MAX_BASE_SET_SIZE);
    assertSame(group, SumChannelSolver.window(group, SubsetSumSolver.MAX_BASE_SET_SIZE));
  }

  @Test
  void aGrownGroupOffersItsNewestCopiesAsACopy() {
    List<Channel> group = copies(SubsetSumSolver.MAX_BASE_SET_SIZE + 7);
    List<Channel> window = SumChannelSolver.window(group, SubsetSumSolver.MAX_BASE_SET_SIZE);
    assertNotSame(group, window);
    assertEquals(SubsetSumSolver.MAX_BASE_SET_SIZE, window.size());
    assertEquals(group.subList(7, group.size()), window);
    group.add(new Channel(ChannelId.of(0, 99), 1.0, false));
    assertEquals(SubsetSumSolver.MAX_BASE_SET_SIZE, window.size());
  }

  /**
   * L+1's layers over a sum layer's distinct copies go to the settings' objective: least amplification keeps
   * subsets of smaller Σ|u| there (every parameter still within its tolerance), the layers over copy layers
   * and the biases stay fewest terms.
   */
  @Test
  void leastAmplificationLowersTheSumOfTheKeptWeightsOverDistinctCopies() {
    Random r = new Random(11);
    Network target = new Network(new int[] {2, 5, 5}, List.of(
        new Conv2d(uniform(r, 3, 2, 3, 3), uniform(r, 3), 1, 1), Activation.relu(),
        new Conv2d(uniform(r, 3, 3, 3, 3), uniform(r, 3), 1, 1), Activation.relu(),
        new Flatten(), new Linear(uniform(r, 4, 75), uniform(r, 4))));
    ConstructionSettings fewest = new ConstructionSettings(Construction.L_PLUS_ONE, 0.02, 1, 10, 12, 6, false, 2);
    ConstructionSettings least = fewest.withSubsetObjective(MeetInTheMiddleSolver.Objective.LEAST_AMPLIFICATION);
    TicketConstructor constructor = TicketConstructor.selectingSolvers();
    Ticket a = constructor.construct(target, fewest, n -> {}).ticket();
    Ticket b = constructor.construct(target, least, n -> {}).ticket();
    List<TargetLayer> layers = TargetLayers.of(target);
    assertTrue(TicketVerifier.certify(a, layers, fewest).valid());
    assertTrue(TicketVerifier.certify(b, layers, least).valid());
    double[] sa = keptMagnitudes(a);
    double[] sb = keptMagnitudes(b);
    assertEquals(sa[1], sb[1], 1e-6, "mother layer 1 reads copies of the input: fewest terms either way");
    for (int m = 2; m < sa.length; m++) {
      assertTrue(sb[m] < sa[m], "mother layer " + m + ": " + sb[m] + " vs " + sa[m]);
    }
  }

  /** Σ|w| of each mother layer's kept weights. */
  private static double[] keptMagnitudes(Ticket t) {
    List<double[]> sums = new ArrayList<>();
    for (Layer l : TicketNetworks.ticket(t).layers()) {
      FloatTensor w = l instanceof Conv2d c ? c.weight() : l instanceof Linear d ? d.weight() : null;
      if (w != null) {
        double s = 0;
        for (float v : w.toArray()) {
          s += Math.abs(v);
        }
        sums.add(new double[] {s});
      }
    }
    return sums.stream().mapToDouble(x -> x[0]).toArray();
  }

  private static FloatTensor uniform(Random r, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * r.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  private static List<Channel> copies(int n) {
    List<Channel> g = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      g.add(new Channel(ChannelId.of(0, k), 1.0, false));
    }
    return g;
  }
}
