package org.ltcheck.subsetsum;

/** Argument checks shared by all solvers, so that every solver rejects the same inputs with the same words. */
final class SubsetSumInputs {

    private SubsetSumInputs() {
    }

    /**
     * Checks a base set.
     *
     * @param values the base set
     * @param name   how the array is called in messages, e.g. {@code "values"}
     * @param limit  the largest admissible size
     * @return the size n
     */
    static int checkValues(double[] values, String name, int limit) {
        if (values == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (values.length > limit) {
            throw new IllegalArgumentException(
                    name + " has n = " + values.length + " base values, more than the limit of " + limit);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw notFinite(name + "[" + i + "]", values[i]);
            }
        }
        return values.length;
    }

    /**
     * Checks one base set per target: as many sets as targets, each valid, all of the same size. Messages
     * name the set as {@code valueSets[t]}; they are only composed on failure, since batches are large.
     *
     * @return the common size n (0 for an empty batch)
     */
    static int checkValueSets(double[][] valueSets, int count, int limit) {
        if (valueSets == null) {
            throw new IllegalArgumentException("valueSets must not be null");
        }
        if (valueSets.length != count) {
            throw new IllegalArgumentException(
                    "valueSets has " + valueSets.length + " base sets but targets has " + count + " targets");
        }
        int n = -1;
        for (int t = 0; t < valueSets.length; t++) {
            double[] values = valueSets[t];
            if (values == null || values.length > limit || !allFinite(values)) {
                checkValues(values, "valueSets[" + t + "]", limit);
            }
            if (n < 0) {
                n = values.length;
            } else if (values.length != n) {
                throw new IllegalArgumentException("valueSets[" + t + "] has " + values.length
                        + " values but valueSets[0] has " + n + ": all base sets must have the same size");
            }
        }
        return Math.max(n, 0);
    }

    /** Checks an array of targets: not {@code null}, every entry finite. */
    static void checkTargets(double[] targets) {
        if (targets == null) {
            throw new IllegalArgumentException("targets must not be null");
        }
        for (int t = 0; t < targets.length; t++) {
            if (!Double.isFinite(targets[t])) {
                throw notFinite("targets[" + t + "]", targets[t]);
            }
        }
    }

    /** Checks that {@code value} is finite; {@code name} names it in the message. */
    static void checkFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw notFinite(name, value);
        }
    }

    /** Checks that the tolerance is a finite positive number. */
    static void checkTolerance(double tolerance) {
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and > 0, was " + tolerance);
        }
    }

    /** Checks a size limit given to a solver's constructor. */
    static int checkSizeLimit(int limit, String name) {
        if (limit < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + limit);
        }
        return limit;
    }

    private static boolean allFinite(double[] values) {
        for (double value : values) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException notFinite(String name, double value) {
        return new IllegalArgumentException(name + " = " + value + " is not finite");
    }
}
