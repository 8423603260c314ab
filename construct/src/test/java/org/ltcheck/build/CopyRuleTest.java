package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;

class CopyRuleTest {
  private static final Activation LEAKY = new Activation(ActivationKind.LEAKY_RELU, 0.1);
  private static final Activation TANH = Activation.of(ActivationKind.TANH);
  private static final Activation SIGMOID = Activation.of(ActivationKind.SIGMOID);

  @Test
  void piecewiseLinearCopiesCarryTheirInputExactlyThroughTheSlopeOfTheSign() {
    Random r = new Random(1);
    for (Activation a : List.of(Activation.relu(), LEAKY)) {
      CopyRule rule = new CopyRule(a);
      assertTrue(rule.piecewiseLinear());
      assertEquals(0.0, rule.intercept());
      for (int k = 0; k < 1000; k++) {
        double w = 4 * r.nextDouble() - 2;
        double x = 6 * r.nextDouble() - 3;
        double slope = x > 0 ? rule.positiveSlope(w) : rule.negativeSlope(w);
        assertEquals(a.apply(w * x), slope * x, 1e-12, () -> a + " a=" + w + " x=" + x);
        assertEquals(w, rule.coefficient(w));
        assertEquals(0.0, rule.remainder(w * x));
      }
    }
  }

  @Test
  void onlySigmoidCopiesComeInAntisymmetricPairsWhoseSumLayerRangeIsHalved() {
    for (Activation a : List.of(Activation.relu(), LEAKY, TANH)) {
      assertFalse(new CopyRule(a).paired(), a::toString);
      assertEquals(1, new CopyRule(a).channelsPerCopy());
    }
    CopyRule sigmoid = new CopyRule(SIGMOID);
    assertTrue(sigmoid.paired());
    assertEquals(2, sigmoid.channelsPerCopy());
    double sigma = sigmoid.copyScale(1.0, 0.01);
    // u·(σ(a x) − σ(−a x)) has coefficient 2·u·a/4: S = 2s/(σ·(1/4)·2) keeps u·a/2 in the ReLU range
    assertEquals(4 / sigma, sigmoid.sumScaleFactor(sigma), 1e-12);
    assertEquals(2 / sigma, new CopyRule(TANH).sumScaleFactor(sigma), 1e-12);
    // the pair is odd and within the two copies' remainders of its linear part u·a·x/2
    Random r = new Random(4);
    for (int k = 0; k < 1000; k++) {
      double z = 2 * sigma * (2 * r.nextDouble() - 1);
      double pair = SIGMOID.apply(z) - SIGMOID.apply(-z);
      assertEquals(0.0, pair + (SIGMOID.apply(-z) - SIGMOID.apply(z)), 1e-15);
      assertTrue(Math.abs(pair - 2 * sigmoid.coefficient(z)) <= 2 * sigmoid.remainder(z) + 1e-15, () -> "z=" + z);
    }
  }

  @Test
  void theSignSplitTargetsOneOverOnePlusAlpha() {
    assertEquals(0.0, new CopyRule(Activation.relu()).alpha());
    assertEquals(1.0, new CopyRule(Activation.relu()).splitFactor());
    assertEquals(0.1, new CopyRule(LEAKY).alpha());
    assertEquals(1 / 1.1, new CopyRule(LEAKY).splitFactor(), 1e-15);
  }

  @Test
  void smoothCopiesAreLinearisedAroundTheirInterceptWithinTheRemainder() {
    Random r = new Random(2);
    for (Activation a : List.of(TANH, SIGMOID)) {
      CopyRule rule = new CopyRule(a);
      assertFalse(rule.piecewiseLinear());
      for (int k = 0; k < 1000; k++) {
        double z = 2 * r.nextDouble() - 1;
        double linear = rule.intercept() + rule.derivativeAtZero() * z;
        assertTrue(Math.abs(a.apply(z) - linear) <= rule.remainder(z) + 1e-15, () -> a + " z=" + z);
      }
    }
    assertEquals(0.0, new CopyRule(TANH).intercept());
    assertEquals(0.5, new CopyRule(SIGMOID).intercept());
    assertEquals(0.25 * 0.8, new CopyRule(SIGMOID).coefficient(0.8));
  }

  @Test
  void smoothCopyScalesSpendTheLinearisationShareOfTheTolerance() {
    double eta = 0.01;
    double bound = 2.5;
    for (Activation a : List.of(TANH, SIGMOID)) {
      CopyRule rule = new CopyRule(a);
      double sigma = rule.copyScale(bound, eta);
      double z = sigma * bound;
      double relative = rule.remainder(z) / (rule.derivativeAtZero() * z);
      assertEquals(CopyRule.LINEARISATION_SHARE * eta, relative, 1e-15, a::toString);
      // the sum layer widens its range so that u·φ'(0)·a (times 2 for a sigmoid pair) keeps the range of ReLU products u·a
      assertEquals(CopyRule.PIECEWISE_LINEAR_COPY_SCALE,
          rule.sumScaleFactor(sigma) * sigma * rule.derivativeAtZero() * rule.channelsPerCopy(), 1e-12);
      assertThrows(IllegalArgumentException.class, () -> rule.copyScale(Double.NaN, eta));
      assertThrows(IllegalArgumentException.class, () -> rule.copyScale(Double.POSITIVE_INFINITY, eta));
    }
    CopyRule relu = new CopyRule(Activation.relu());
    assertEquals(CopyRule.PIECEWISE_LINEAR_COPY_SCALE, relu.copyScale(Double.NaN, eta));
    assertEquals(1.0, relu.sumScaleFactor(2.0));
  }

  @Test
  void identityCopiesAreRejectedAndOutputRangesBoundTheNextCopies() {
    assertThrows(IllegalArgumentException.class, () -> new CopyRule(Activation.of(ActivationKind.IDENTITY)));
    assertEquals(1.0, CopyRule.rangeBound(TANH));
    assertEquals(1.0, CopyRule.rangeBound(SIGMOID));
    assertEquals(Double.POSITIVE_INFINITY, CopyRule.rangeBound(Activation.relu()));
  }

  @Test
  void theMotherTakesTheTargetsHiddenActivationOrReluForALinearTarget() {
    Activation identity = Activation.of(ActivationKind.IDENTITY);
    assertEquals(TANH, CopyRule.motherActivation(List.of(dense(TANH), dense(TANH), dense(identity))));
    assertEquals(Activation.relu(), CopyRule.motherActivation(List.of(dense(identity), dense(identity))));
    assertEquals(Activation.relu(), CopyRule.motherActivation(List.of(dense(SIGMOID))));
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> CopyRule.motherActivation(List.of(dense(TANH), dense(SIGMOID), dense(identity))));
    assertTrue(e.getMessage().contains("target layer 1"), e.getMessage());
  }

  private static TargetLayer dense(Activation a) {
    return new TargetLayer(
        TargetLayer.Kind.DENSE, 1, 1, 1, 1, 1, 0, 1, 1, new double[] {0.5}, new double[] {0}, a,
        TargetLayer.Reshape.NONE, null);
  }
}
