package org.ltcheck.subsetsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CombinationsTest {

    @Test
    void enumeratesEveryKSubsetOnceInLexicographicOrder() {
        for (int n = 0; n <= 8; n++) {
            for (int k = 0; k <= n; k++) {
                Set<List<Integer>> seen = new HashSet<>();
                int[] combination = Combinations.first(k);
                int[] previous = null;
                do {
                    assertTrue(previous == null || Arrays.compare(previous, combination) < 0, "ascending order");
                    assertTrue(seen.add(Arrays.stream(combination).boxed().toList()), "no repeats");
                    previous = combination.clone();
                } while (Combinations.next(combination, n));

                long expected = 0;
                for (int mask = 0; mask < 1 << n; mask++) {
                    expected += Integer.bitCount(mask) == k ? 1 : 0;
                }
                assertEquals(expected, seen.size(), "n = " + n + ", k = " + k);
                assertEquals(expected, Combinations.count(n, k));
            }
        }
    }

    @Test
    void countsLargeBinomialsExactly() {
        assertEquals(155_117_520L, Combinations.count(30, 15));
        assertEquals(0L, Combinations.count(5, 6));
    }
}
