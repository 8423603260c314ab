package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubsetSumBoundTest {

  /*
   * ceil(C·ln(1/min(eta, delta/M))), by hand:
   *   eta=0.01  delta=0.01 M=1    C=2.7: ln(100)      = 4.605170 -> 12.43396 -> 13
   *   eta=0.1   delta=0.5  M=10   C=2.7: ln(1/0.05)   = 2.995732 ->  8.08848 ->  9
   *   eta=0.01  delta=0.01 M=1000 C=3.3: ln(1e5)      = 11.51293 -> 37.99265 -> 38
   *   eta=0.5   delta=0.9  M=1    C=1.0: ln(2)        = 0.693147 ->  0.69315 ->  1
   *   eta=0.001 delta=0.05 M=1    C=2.7: ln(1000)     = 6.907755 -> 18.65094 -> 19
   *   eta=0.1   delta=0.01 M=1    C=2.7: min is delta -> ln(100)  -> 12.43396 -> 13
   */
  @ParameterizedTest
  @CsvSource({
    "0.01, 0.01, 1, 2.7, 13",
    "0.1, 0.5, 10, 2.7, 9",
    "0.01, 0.01, 1000, 3.3, 38",
    "0.5, 0.9, 1, 1.0, 1",
    "0.001, 0.05, 1, 2.7, 19",
    "0.1, 0.01, 1, 2.7, 13"
  })
  void baseSetSizeMatchesHandComputedTable(double eta, double delta, long m, double c, int expected) {
    assertEquals(expected, SubsetSumBound.baseSetSize(eta, delta, m, c));
  }

  @Test
  void signSplitDoublesTheSingleSize() {
    Random rnd = new Random(11);
    for (int k = 0; k < 50; k++) {
      double eta = 1e-6 + 0.5 * rnd.nextDouble();
      double delta = 1e-6 + 0.5 * rnd.nextDouble();
      long m = 1 + rnd.nextInt(1_000_000);
      assertEquals(
          2 * SubsetSumBound.baseSetSize(eta, delta, m, 3.3), SubsetSumBound.signSplitBaseSetSize(eta, delta, m, 3.3));
    }
  }

  /*
   * Lueker, 1 - exp(-(n/2 - C ln(1/eps))^2 / (2n)), C = 2.7, eps = 0.01 (C ln 100 = 12.43396):
   *   n=40:  margin  7.56604, squared 57.2450, /80  = 0.715562 -> 1 - e^-0.7156 = 0.511083
   *   n=100: margin 37.56604, squared 1411.21, /200 = 7.05604  -> 1 - 8.6219e-4  = 0.999138
   *   n=20:  margin -2.43 < 0 -> outside the corollary's range -> 0
   */
  @ParameterizedTest
  @CsvSource({"40, 0.511083", "100, 0.999138", "20, 0.0"})
  void luekerProbabilityMatchesHandComputedTable(int n, double expected) {
    assertEquals(expected, SubsetSumBound.luekerSuccessProbability(n, 0.01, 2.7), 1e-6);
  }

  /*
   * a = 2.7 ln 100 = 12.43396, lambda = ln 100 = 4.60517:
   * root = 2(a + 2 lambda) + 4 sqrt(lambda (a + lambda)) = 43.28860 + 35.43289 = 78.72149,
   * so n = 79 (p(79) = 0.990309 >= 0.99, p(78) = 0.989155 < 0.99).
   */
  @Test
  void luekerBaseSetSizeIsTheSmallestSufficientN() {
    int n = SubsetSumBound.luekerBaseSetSize(0.01, 0.01, 2.7);
    assertEquals(79, n);
    assertTrue(SubsetSumBound.luekerSuccessProbability(n, 0.01, 2.7) >= 0.99);
    assertTrue(SubsetSumBound.luekerSuccessProbability(n - 1, 0.01, 2.7) < 0.99);
  }

  /* e^{-n/(2C)}: n = 27, C = 2.7 -> e^{-5} = 0.006737947. */
  @Test
  void luekerMinimumEpsilon() {
    assertEquals(Math.exp(-5), SubsetSumBound.luekerMinimumEpsilon(27, 2.7), 1e-15);
  }

  /*
   * The reference statistics, n = 15, eps = 0.01:
   *   single factors, failure 0.404%:  15 / ln(1/0.00404) = 15 / 5.511482 = 2.721577
   *   products, failure 3.55% > eps:   15 / ln(100)       = 15 / 4.605170 = 3.257209
   *   no failures: eps alone           15 / ln(100)                        = 3.257209
   */
  @ParameterizedTest
  @CsvSource({"0.00404, 2.721577", "0.0355, 3.257209", "0.0, 3.257209"})
  void impliedConstantReproducesTheReferenceStatistics(double failureRate, double expected) {
    assertEquals(expected, SubsetSumBound.impliedConstant(15, 0.01, failureRate), 1e-6);
  }

  @Test
  void defaultsRoundTheImpliedConstants() {
    assertEquals(SubsetSumBound.C_SINGLE_DEFAULT, SubsetSumBound.impliedConstant(15, 0.01, 0.00404), 0.05);
    assertEquals(SubsetSumBound.C_PRODUCT_DEFAULT, SubsetSumBound.impliedConstant(15, 0.01, 0.0355), 0.05);
  }

  @ParameterizedTest
  @CsvSource({"0.0", "1.0", "-0.5", "1.5", "NaN"})
  void etaOutsideTheOpenUnitIntervalIsRejectedWithItsValue(double eta) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SubsetSumBound.baseSetSize(eta, 0.01, 1, 2.7));
    assertTrue(e.getMessage().contains("eta = " + eta), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"0.0", "1.0", "2.0"})
  void deltaOutsideTheOpenUnitIntervalIsRejectedWithItsValue(double delta) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SubsetSumBound.baseSetSize(0.01, delta, 1, 2.7));
    assertTrue(e.getMessage().contains("delta = " + delta), e.getMessage());
  }

  @Test
  void otherBadArgumentsNameTheirValues() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SubsetSumBound.baseSetSize(0.01, 0.01, 0, 2.7))
        .getMessage().contains("problems = 0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SubsetSumBound.baseSetSize(0.01, 0.01, 1, -1))
        .getMessage().contains("C = -1.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SubsetSumBound.luekerSuccessProbability(10, 1.5, 2.7))
        .getMessage().contains("eps = 1.5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SubsetSumBound.impliedConstant(15, 0.01, 1.0))
        .getMessage().contains("failureRate = 1.0"));
  }
}
