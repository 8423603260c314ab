package org.ltcheck.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ltcheck.theory.ErrorPropagation;

class ExperimentTest {
  @Test
  void inputBoundIsTheLargestNormalisedPixel() {
    assertEquals(ErrorPropagation.MNIST_INPUT_BOUND, Experiment.MNIST.inputBound(), 1e-12);
    // CIFAR-10: the largest of max(mean, 1 - mean)/std over the three channels is the blue one's.
    assertEquals((1 - 0.4465) / 0.2010, Experiment.RESNET.inputBound(), 1e-12);
  }

  @Test
  void resnetMilestonesScaleOpenLthsRecipeToThePhaseLength() {
    assertArrayEquals(new int[] {25, 38}, Experiment.RESNET.schedule(0.1, 50).milestones());
    assertArrayEquals(new int[] {80, 120}, Experiment.RESNET.schedule(0.1, 160).milestones());
    assertArrayEquals(new int[0], Experiment.RESNET.schedule(0.1, 1).milestones(), "no milestone inside one epoch");
    assertArrayEquals(new int[0], Experiment.MNIST.schedule(0.01, 50).milestones());
  }

  @Test
  void theMnistConstructionIsAvailable() {
    Experiment.MNIST.requireConstructionSupport();
  }
}
