package org.ltcheck.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorPropagationTest {
  private static final double TOL = 1e-12;

  /*
   * A two-layer example, input bound B0 = 2, one input channel:
   *   layer 1 (1 -> 2): |w| sums [[0.5], [1.0]], counts [[1], [2]], |b| [0.1, 0]
   *   layer 2 (2 -> 1, identity): |w| sums [[2.0, 0.5]], counts [[2, 1]], |b| [0.3]
   * ReLU (lambda 1, phi(0) 0):
   *   B1 = [0.5·2 + 0.1, 1.0·2] = [1.1, 2.0];  B2 = [2·1.1 + 0.5·2 + 0.3] = [3.5]
   *   eta = 0.01: e1 = [0.01·(1·(2+0) + 1), 0.01·(2·(2+0))] = [0.03, 0.04]
   *   e2 = 2·0.03 + 0.5·0.04 + 0.01·(2·(1.1+0.03) + 1·(2.0+0.04) + 1) = 0.08 + 0.053 = 0.133
   *   As a polynomial: e2(eta) = 13.2·eta + 10·eta², so e2 = 0.05 at eta = (−13.2 + sqrt(13.2² + 2))/20.
   * Sigmoid hidden layer (lambda 1/4, phi(0) 1/2):
   *   B1 = [0.5 + 0.25·1.1, 0.5 + 0.25·2] = [0.775, 1.0];  e1 = [0.0075, 0.01]
   *   e2 = 2·0.0075 + 0.5·0.01 + 0.01·(2·0.7825 + 1.01 + 1) = 0.02 + 0.03575 = 0.05575
   */
  private static List<LayerMagnitudes> example(ActivationKind hidden) {
    return List.of(
        new LayerMagnitudes(new double[][] {{0.5}, {1.0}}, new int[][] {{1}, {2}}, new double[] {0.1, 0}, hidden),
        new LayerMagnitudes(new double[][] {{2.0, 0.5}}, new int[][] {{2, 1}}, new double[] {0.3}, ActivationKind.IDENTITY));
  }

  @Test
  void activationBoundsMatchTheHandComputation() {
    double[][] b = ErrorPropagation.activationBounds(example(ActivationKind.RELU), 2.0);
    assertArrayEquals(new double[] {1.1, 2.0}, b[0], TOL);
    assertArrayEquals(new double[] {3.5}, b[1], TOL);
    double[][] s = ErrorPropagation.activationBounds(example(ActivationKind.SIGMOID), 2.0);
    assertArrayEquals(new double[] {0.775, 1.0}, s[0], TOL);
  }

  @Test
  void errorBoundMatchesTheHandComputation() {
    ErrorBound relu = ErrorPropagation.outputError(example(ActivationKind.RELU), 2.0, 0.01);
    assertArrayEquals(new double[] {0.03, 0.04}, relu.channelErrors()[0], TOL);
    assertArrayEquals(new double[] {0.04, 0.133}, relu.layerMaxErrors(), TOL);
    assertEquals(0.133, relu.outputBound(), TOL);
    ErrorBound sigmoid = ErrorPropagation.outputError(example(ActivationKind.SIGMOID), 2.0, 0.01);
    assertEquals(0.05575, sigmoid.outputBound(), TOL);
  }

  @Test
  void perLayerTolerancesEnterOnlyTheirLayer() {
    // eta = (0, 0.01): layer 1 exact, so e1 = 0 and e2 = 0.01·(2·1.1 + 1·2.0 + 1) = 0.052.
    ErrorBound b = ErrorPropagation.outputError(example(ActivationKind.RELU), 2.0, new double[] {0, 0.01});
    assertArrayEquals(new double[] {0, 0.052}, b.layerMaxErrors(), TOL);
  }

  @Test
  void largestUniformEtaSolvesTheQuadratic() {
    double expected = (-13.2 + Math.sqrt(13.2 * 13.2 + 40 * 0.05)) / 20;
    double eta = ErrorPropagation.largestUniformEta(example(ActivationKind.RELU), 2.0, 0.05);
    assertEquals(expected, eta, 1e-9 * expected);
    assertTrue(ErrorPropagation.outputError(example(ActivationKind.RELU), 2.0, eta).outputBound() <= 0.05);
    assertEquals(0.01, ErrorPropagation.largestUniformEta(example(ActivationKind.RELU), 2.0, 0.133), 1e-10);
  }

  @Test
  void aToleranceMetByEveryEtaReturnsTheTopOfTheInterval() {
    assertEquals(Math.nextDown(1.0), ErrorPropagation.largestUniformEta(example(ActivationKind.RELU), 2.0, 100.0));
  }

  /* (1 − 0.1307)/0.3081 = 0.8693/0.3081 = 2.821486... */
  @Test
  void mnistInputBound() {
    assertEquals(2.821486530, ErrorPropagation.MNIST_INPUT_BOUND, 1e-9);
  }

  @Test
  void unitBoundMagnitudesCountEveryWeightOfAChannel() {
    LayerMagnitudes m = LayerMagnitudes.unitBound(LayerShape.denseFlattenLinear(3, 49, 2), ActivationKind.IDENTITY);
    assertEquals(2, m.outChannels());
    assertEquals(3, m.inChannels());
    assertEquals(49.0, m.absWeight(1, 2));
    assertEquals(49, m.nonZero(0, 0));
    assertEquals(1.0, m.absBias(1));
  }

  @Test
  void badMagnitudesAreRejectedWithTheOffendingValues() {
    IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
        () -> new LayerMagnitudes(new double[][] {{0.5}}, new int[][] {{0}}, new double[] {0}, ActivationKind.RELU));
    assertTrue(mismatch.getMessage().contains("absWeight[0][0] = 0.5"), mismatch.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> new LayerMagnitudes(new double[][] {{-1}}, new int[][] {{1}}, new double[] {0}, ActivationKind.RELU));
    assertTrue(negative.getMessage().contains("-1.0"), negative.getMessage());
    IllegalArgumentException chain = assertThrows(IllegalArgumentException.class, () -> ErrorPropagation.outputError(
        List.of(example(ActivationKind.RELU).get(1), example(ActivationKind.RELU).get(1)), 1.0, 0.01));
    assertTrue(chain.getMessage().contains("reads 2 channels"), chain.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ErrorPropagation.largestUniformEta(example(ActivationKind.RELU), 2.0, -1)).getMessage().contains("epsilon = -1.0"));
  }

  @Test
  void magnitudesAreImmutable() {
    double[][] w = {{0.5}};
    LayerMagnitudes m = new LayerMagnitudes(w, new int[][] {{1}}, new double[] {0}, ActivationKind.RELU);
    w[0][0] = 7;
    m.absWeight()[0][0] = 9;
    assertEquals(0.5, m.absWeight(0, 0));
  }
}
