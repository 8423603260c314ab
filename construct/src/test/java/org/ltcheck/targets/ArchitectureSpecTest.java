package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.theory.LayerShape;
import org.ltcheck.theory.TargetArchitecture;

class ArchitectureSpecTest {

  @Test
  void mnistSpecGivesAConvChainAndAFlattenHead() {
    TargetDescription d = ArchitectureSpec.parse("conv:1-32-3,conv:32-32-3,linear:25088-10", InputShape.MNIST);
    TargetArchitecture a = d.architecture();
    assertEquals(3, a.depth());
    assertEquals(new LayerShape(LayerShape.Kind.CONV, 1, 32, 9, 288, 32, 784, 1), a.layer(0));
    assertEquals(new LayerShape(LayerShape.Kind.CONV, 32, 32, 9, 9216, 32, 784, 1), a.layer(1));
    // 25088 features = 32 channels x 784 positions: the head reads 32 channels.
    assertEquals(new LayerShape(LayerShape.Kind.LINEAR, 32, 10, 1, 250_880, 10, 1, 784), a.layer(2));
    assertFalse(d.weightsKnown());
    assertTrue(d.magnitudes(org.ltcheck.theory.ActivationKind.RELU).isEmpty());
  }

  @Test
  void kernelFormsAndDefaults() {
    TargetDescription d = ArchitectureSpec.parse("conv:3-8,conv:8-8-5,conv:8-4-3x1", new InputShape(3, 32, 32));
    assertEquals(9, d.layers().get(0).shape().kernelPositions());
    assertEquals(25, d.layers().get(1).shape().kernelPositions());
    assertEquals(3, d.layers().get(2).shape().kernelPositions());
    assertEquals("conv 8->4 3x1", d.layers().get(2).geometry().describe());
  }

  @Test
  void aVectorInputMakesAPlainLinearChain() {
    TargetDescription d = ArchitectureSpec.parse("linear:784-100,linear:100-10", new InputShape(784, 1, 1));
    assertFalse(d.architecture().layer(0).isFlattenHead());
    assertEquals(784, d.architecture().inputChannels());
    // The same MLP on an image reads one channel at 784 positions.
    TargetDescription image = ArchitectureSpec.parse("linear:784-100,linear:100-10", InputShape.MNIST);
    assertTrue(image.architecture().layer(0).isFlattenHead());
    assertEquals(784, image.architecture().layer(0).inputPositionsPerChannel());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "pool:1-2|unknown layer kind 'pool'",
    "conv:1-32-x|malformed layer 'conv:1-32-x'",
    "conv:1-32,,conv:32-3|malformed layer ''",
    "conv:1-32-3,conv:16-32-3|reads 16 channels but the layer before writes 32",
    "conv:2-32-3|reads 2 channels but the 1x28x28 input has 1",
    "conv:1-32-3,linear:1000-10|1000 input features do not match the 32 channels x 784 positions",
    "linear:784-10-3|takes no kernel",
    "linear:784-10,conv:10-4-3|a convolution after a linear layer",
    "conv:1-0-3|size 0",
    "conv:1-99999999999-3|size 99999999999",
    "conv:1-32-4|layer0 (conv:1-32-4) has an even 4x4 kernel",
    "conv:1-32-3x2|has an even 3x2 kernel"
  })
  void badSpecsNameTheProblem(String spec, String expected) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse(spec, InputShape.MNIST));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void inputShapeParsing() {
    assertEquals(new InputShape(3, 32, 32), InputShape.parse("3x32x32"));
    assertEquals(1024, InputShape.parse("3X32x32").positions());
    for (String bad : new String[] {"1x28", "axbxc", "0x28x28", "1x28x28x1", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputShape.parse(bad));
      assertTrue(e.getMessage().contains(bad.isEmpty() ? "''" : bad) || e.getMessage().contains("positive"), e.getMessage());
    }
  }
}
