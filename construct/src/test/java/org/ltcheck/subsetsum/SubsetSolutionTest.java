package org.ltcheck.subsetsum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubsetSolutionTest {

    @Test
    void copiesTheIndicesOnTheWayInAndOut() {
        int[] indices = {1, 3};
        SubsetSolution solution = new SubsetSolution(indices, 0.5, 0.0, true);

        indices[0] = 2;
        solution.indices()[1] = 7;

        assertArrayEquals(new int[] {1, 3}, solution.indices());
        assertEquals(2, solution.cardinality());
    }

    @Test
    void comparesByContent() {
        SubsetSolution a = new SubsetSolution(new int[] {0, 2}, 0.25, 0.125, false);

        assertEquals(a, new SubsetSolution(new int[] {0, 2}, 0.25, 0.125, false));
        assertEquals(a.hashCode(), new SubsetSolution(new int[] {0, 2}, 0.25, 0.125, false).hashCode());
        assertNotEquals(a, new SubsetSolution(new int[] {0, 1}, 0.25, 0.125, false));
        assertTrue(a.toString().contains("[0, 2]"), a.toString());
    }

    @Test
    void rejectsUnsortedNegativeIndicesAndInvalidNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new SubsetSolution(new int[] {2, 1}, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new SubsetSolution(new int[] {1, 1}, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new SubsetSolution(new int[] {-1}, 0, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new SubsetSolution(new int[0], Double.NaN, 0, true));
        assertThrows(IllegalArgumentException.class, () -> new SubsetSolution(new int[0], 0, -1, true));
    }

    @Test
    void evaluatesASubsetInIndexOrderWithAnInclusiveTolerance() {
        double[] values = {0.5, 0.25, -0.125};

        SubsetSolution onBoundary = SubsetSolution.of(values, new int[] {0, 2}, 0.5, 0.125);
        SubsetSolution outside = SubsetSolution.of(values, new int[] {0, 2}, 0.5, 0.0625);

        assertEquals(0.375, onBoundary.sum());
        assertEquals(0.125, onBoundary.error());
        assertTrue(onBoundary.found());
        assertFalse(outside.found());
        assertThrows(IllegalArgumentException.class, () -> SubsetSolution.of(values, new int[] {3}, 0.5, 0.1));
    }
}
