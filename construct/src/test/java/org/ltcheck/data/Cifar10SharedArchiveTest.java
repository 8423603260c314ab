package org.ltcheck.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The CIFAR-10 JPEG archive shipped beside the repository: checksum, count and class balance
 * of the test split, read straight from the .tar.gz. Skipped where the archive is absent.
 */
class Cifar10SharedArchiveTest {
  @Test
  void testSplitHasTenThousandImagesThousandPerClass() throws Exception {
    List<Path> candidates = Cifar10Fetcher.defaultArchives();
    Path archive = candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    Assumptions.assumeTrue(archive != null, "CIFAR-10 JPEG archive not found at " + candidates);

    RawImages test = Cifar10Fetcher.readArchive(archive, EnumSet.of(Split.TEST)).get(Split.TEST);
    assertEquals(10_000, test.count());
    assertEquals("CIFAR-10 test (JPEG version)", test.description());
    int[] perClass = new int[10];
    for (int l : test.labels()) {
      perClass[l]++;
    }
    assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, perClass);
    // Channel means of the test set are close to the training means used for normalisation
    // (R > G > B); swapped channel planes would be off by more than the tolerance.
    double[] mean = new double[3];
    for (int n = 0; n < test.count(); n += 7) {
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 32; y += 3) {
          for (int x = 0; x < 32; x += 3) {
            mean[c] += test.pixel(n, c, y, x);
          }
        }
      }
    }
    double samples = Math.ceil(test.count() / 7.0) * 11 * 11;
    double[] expected = Normalization.CIFAR10.mean();
    for (int c = 0; c < 3; c++) {
      double m = mean[c] / samples / 255;
      assertTrue(Math.abs(m - expected[c]) < 0.015, "channel " + c + " mean " + m + " vs " + expected[c]);
    }
  }
}
