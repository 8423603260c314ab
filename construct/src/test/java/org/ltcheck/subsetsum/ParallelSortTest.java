package org.ltcheck.subsetsum;

import org.ltcheck.testing.PropertySettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The in-place sort of sums with their masks: ascending, and every mask stays with its sum. */
class ParallelSortTest {

    @Test
    void sortsAscendingAndMovesEachMaskWithItsKey() {
        PropertySettings.qt(300)
                .forAll(longs().all(), integers().between(0, 3000), integers().between(1, 50))
                .checkAssert((seed, count, distinct) -> {
                    Random random = new Random(seed);
                    double[] keys = new double[count + 3];
                    int[] masks = new int[count + 3];
                    for (int i = 0; i < keys.length; i++) {
                        // Few distinct keys (and both zeros) stress the partitioning of equal keys.
                        keys[i] = i % 7 == 0 ? -0.0 : random.nextInt(distinct) - distinct / 2.0;
                        masks[i] = i;
                    }
                    double[] original = keys.clone();

                    ParallelSort.sort(keys, masks, count);

                    for (int i = 0; i < count; i++) {
                        assertTrue(i == 0 || keys[i - 1] <= keys[i], "ascending at " + i);
                        assertTrue(Double.compare(original[masks[i]], keys[i]) == 0, "mask stays with its key");
                    }
                    int[] sortedMasks = Arrays.copyOf(masks, count);
                    Arrays.sort(sortedMasks);
                    for (int i = 0; i < count; i++) {
                        assertTrue(sortedMasks[i] == i, "a permutation of the first count entries");
                    }
                    assertArrayEquals(Arrays.copyOfRange(original, count, keys.length),
                            Arrays.copyOfRange(keys, count, keys.length), "entries past count untouched");
                });
    }
}
