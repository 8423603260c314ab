package org.ltcheck.subsetsum;

/** Argument checks shared by all solvers, so that every solver rejects the same inputs with the same words. */
final class SubsetSumInputs {

    private SubsetSumInputs() {
    }

    /**
     * Checks a base set.
     *
     * @param values the base set
     * @param name   how the array is called in messages, e.g. {@code "values"} or {@code "valueSets[3]"}
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
            checkFinite(values[i], name + "[" + i + "]");
        }
        return values.length;
    }

    /** Checks an array of targets: not {@code null}, every entry finite. */
    static void checkTargets(double[] targets) {
        if (targets == null) {
            throw new IllegalArgumentException("targets must not be null");
        }
        for (int t = 0; t < targets.length; t++) {
            checkFinite(targets[t], "targets[" + t + "]");
        }
    }

    /** Checks that {@code value} is finite; {@code name} names it in the message. */
    static void checkFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " = " + value + " is not finite");
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
}
