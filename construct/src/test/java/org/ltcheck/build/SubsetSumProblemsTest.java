package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.build.SubsetSumProblems.Part;
import org.ltcheck.build.SubsetSumProblems.Problem;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

class SubsetSumProblemsTest {
  private static final double ETA = 0.01;
  private static final Activation IDENTITY = Activation.of(ActivationKind.IDENTITY);
  private final MotherRandom random = new MotherRandom(3);

  @Test
  void aWeightOverCopiesOfASignedInputIsSplitIntoItsPositiveAndNegativeCopies() {
    LayerBuild sum = sumOver(copyLayer(Activation.relu(), false), 0.1);
    List<Problem> p = problems(Construction.TWO_L, 1).of(sum, 0);
    double tol = ETA * (1 - 1e-9);
    assertEquals(List.of(
        new Problem(0, 0, Part.POSITIVE, 0.5, tol, false),
        new Problem(0, 0, Part.NEGATIVE, 0.5, tol, false),
        new Problem(ChannelId.BIAS_GROUP, 0, Part.ALL, 0.1, tol, false)), p);
  }

  @Test
  void leakyCopiesTargetWOverOnePlusAlphaWithinTheSameShareOfEta() {
    LayerBuild sum = sumOver(copyLayer(new Activation(ActivationKind.LEAKY_RELU, 0.25), false), 0.0);
    List<Problem> p = problems(Construction.TWO_L, 1).of(sum, 0);
    assertEquals(2, p.size());
    assertEquals(0.5 / 1.25, p.get(0).target(), 1e-15);
    assertEquals(ETA * (1 - 1e-9) / 1.25, p.get(1).tolerance(), 1e-15);
  }

  @Test
  void aNonNegativeInputNeedsOnlyThePositiveCopiesAndAZeroBiasNoProblem() {
    LayerBuild sum = sumOver(copyLayer(Activation.relu(), true), 0.0);
    List<Problem> p = problems(Construction.TWO_L, 1).of(sum, 0);
    assertEquals(List.of(new Problem(0, 0, Part.POSITIVE, 0.5, ETA * (1 - 1e-9), false)), p);
  }

  @Test
  void aSumLayerReadingCopiesOfASumLayerPosesOneProblemPerWeightToTheLayersTolerance() {
    LayerBuild below = LayerBuild.sumLayer(0, target(0.0), 0)
        .reads(null, 2, 1, 1).groups(2).activation(Activation.relu()).build();
    LayerBuild sum = LayerBuild.sumLayer(1, target(0.1), 0)
        .reads(below, 2, 1, 1).groups(1).activation(IDENTITY).build();
    double tol = ETA * LPlusOneConstruction.COPIED_LAYER_TOLERANCE_FACTOR * (1 - 1e-9);
    assertEquals(List.of(
        new Problem(0, 0, Part.ALL, 0.5, tol, false),
        new Problem(ChannelId.BIAS_GROUP, 0, Part.ALL, 0.1, tol, false)),
        problems(Construction.L_PLUS_ONE, 2).of(sum, 0));
  }

  @Test
  void baseSetsAreTheCopiesOfTheProblemsSignOrTheConstants() {
    LayerBuild copy = copyLayer(Activation.relu(), false);
    LayerBuild sum = sumOver(copy, 0.1);
    List<Problem> p = problems(Construction.TWO_L, 1).of(sum, 0);
    List<Channel> positive = SubsetSumProblems.base(sum, p.get(0));
    List<Channel> negative = SubsetSumProblems.base(sum, p.get(1));
    assertEquals(copy.copies.get(0).size(), positive.size() + negative.size());
    assertTrue(positive.stream().allMatch(c -> c.carried > 0));
    assertTrue(negative.stream().allMatch(c -> c.carried < 0));
    assertEquals(copy.constants, SubsetSumProblems.base(sum, p.get(2)));
  }

  @Test
  void theSolverSeesEachEdgeWeightTimesWhatItsChannelCarries() {
    LayerBuild sum = sumOver(copyLayer(Activation.relu(), false), 0.1);
    SubsetSumProblems problems = problems(Construction.TWO_L, 1);
    long out = ChannelId.of(0, 0);
    for (Problem p : problems.of(sum, 0)) {
      List<Channel> base = SubsetSumProblems.base(sum, p);
      double[] v = problems.values(sum, out, p, base);
      for (int k = 0; k < v.length; k++) {
        Channel c = base.get(k);
        double u = random.weight(sum.index, out, c.id, p.position(), sum.scale);
        assertEquals(u * c.carried, v[k]);
      }
    }
  }

  private SubsetSumProblems problems(Construction c, int depth) {
    return new SubsetSumProblems(random, ConstructionAlgorithm.of(c), ETA, depth);
  }

  /** A dense target 2 → 1 with weights (0.5, 0) and the bias given. */
  private static TargetLayer target(double bias) {
    return new TargetLayer(
        TargetLayer.Kind.DENSE, 1, 2, 1, 1, 1, 0, 1, 1, new double[] {0.5, 0.0}, new double[] {bias}, IDENTITY,
        TargetLayer.Reshape.NONE, null);
  }

  /** A copy layer over a 2-channel input with 8 copies of each and 4 constants, drawn from the mother. */
  private LayerBuild copyLayer(Activation a, boolean inputNonNegative) {
    LayerBuild copy = LayerBuild.copyLayer(0, target(0.0), 0)
        .kind(TargetLayer.Kind.DENSE).reads(null, 2, 1, 1).inputNonNegative(inputNonNegative).groups(2)
        .weightScale(2.0).activation(a).build();
    MotherChannels channels = new MotherChannels(random);
    for (int g = 0; g < 2; g++) {
      for (int k = 0; k < 8; k++) {
        copy.copies.get(g).add(channels.copy(copy, g, k));
      }
    }
    for (int k = 0; k < 4; k++) {
      copy.constants.add(channels.constant(copy, k));
    }
    return copy;
  }

  private static LayerBuild sumOver(LayerBuild copy, double bias) {
    return LayerBuild.sumLayer(1, target(bias), 0)
        .reads(copy, copy.channelsInOrder().size(), 1, 1).inputNonNegative(copy.inputNonNegative).groups(1)
        .activation(IDENTITY).build();
  }
}
