package org.ltcheck.subsetsum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tables of one half: every k-subset once, sums in ascending index order, sorted views, reuse. */
class HalfSumsTest {

    private final double[] values = RandomProblems.values(new Random(11), 13, false);

    @Test
    void groupsHoldEveryKSubsetOnceWithItsSumInIndexOrder() {
        HalfSums half = new HalfSums(true);
        half.reset(values, 4, 9);
        for (int k = 0; k <= 9; k++) {
            int count = half.count(k);
            Set<Integer> seen = new HashSet<>();
            assertEquals(Combinations.count(9, k), count);
            for (int i = 0; i < count; i++) {
                int mask = half.masks(k)[i];
                assertEquals(k, Integer.bitCount(mask));
                assertTrue(mask >>> 9 == 0 && seen.add(mask), "a new 9-bit mask");
                assertEquals(sumInIndexOrder(mask, 4), half.sums(k)[i]);
            }
        }
    }

    @Test
    void sortingAGroupKeepsItsSubsetsAndOrdersTheirSums() {
        HalfSums half = new HalfSums(false);
        half.reset(values, 0, 10);
        int count = half.count(4);
        assertFalse(half.isSorted(4));

        half.sort(4);

        assertTrue(half.isSorted(4));
        for (int i = 0; i < count; i++) {
            assertTrue(i == 0 || half.sums(4)[i - 1] <= half.sums(4)[i]);
            assertEquals(sumInIndexOrder(half.masks(4)[i], 0), half.sums(4)[i]);
        }
    }

    @Test
    void fullTablesAreIndexedByMaskAndSortedWhenAsked() {
        HalfSums half = new HalfSums(true);
        half.reset(values, 3, 10);

        half.buildAll();

        for (int mask = 0; mask < 1 << 10; mask++) {
            assertEquals(sumInIndexOrder(mask, 3), half.sumByMask()[mask]);
            assertTrue(mask == 0 || half.allSums()[mask - 1] <= half.allSums()[mask]);
            assertEquals(half.sumByMask()[half.allMasks()[mask]], half.allSums()[mask]);
        }
    }

    @Test
    void collectsExactlyTheSubsetsWithinAnAmplificationBound() {
        HalfSums half = new HalfSums(true);
        half.reset(values, 2, 11);
        double limit = 1.5;

        int count = half.collectWithin(limit);

        Set<Integer> collected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int mask = half.boundedMasks()[i];
            assertTrue(collected.add(mask), "each subset once");
            assertEquals(sumInIndexOrder(mask, 2), half.boundedSums()[i]);
            assertTrue(i == 0 || half.boundedSums()[i - 1] <= half.boundedSums()[i], "sorted by sum");
        }
        for (int mask = 0; mask < 1 << 11; mask++) {
            double amplification = 0.0;
            for (int i = 0; i < 11; i++) {
                amplification += (mask & 1 << i) != 0 ? Math.abs(values[2 + i]) : 0.0;
            }
            assertEquals(amplification, half.amplificationOf(mask));
            assertEquals(amplification <= limit, collected.contains(mask), "mask " + mask);
        }
    }

    @Test
    void aResetForgetsThePreviousBaseSet() {
        HalfSums half = new HalfSums(true);
        half.reset(values, 0, 6);
        half.count(3);
        half.buildAll();
        double[] other = RandomProblems.values(new Random(12), 6, false);

        half.reset(other, 0, 6);
        half.count(3);
        half.buildAll();

        assertEquals(other[0] + other[1] + other[2], half.sums(3)[0]);
        assertEquals(other[0] + other[5], half.sumByMask()[0b100001]);
    }

    @Test
    void rejectsAHalfAboveTheLimit() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new HalfSums(true).reset(new double[21], 0, 21));

        assertTrue(error.getMessage().contains("21 values exceeds the limit of 20"), error.getMessage());
    }

    private double sumInIndexOrder(int mask, int offset) {
        double sum = 0.0;
        for (int i = 0; i < 20; i++) {
            if ((mask & 1 << i) != 0) {
                sum += values[offset + i];
            }
        }
        return sum;
    }
}
