package org.ltcheck.theory;

/**
 * Argument checks shared by the bounds. Each message names the parameter and its offending
 * value, so a bad command-line value surfaces as one readable line instead of a NaN width.
 */
final class Checks {
  private Checks() {}

  /** ε, δ and η are probabilities or tolerances below 1: 0 and 1 are degenerate (log of 0 or of 1). */
  static double openUnitInterval(String name, double value) {
    if (!(value > 0.0 && value < 1.0)) {
      throw new IllegalArgumentException(name + " = " + value + " is outside the open interval (0, 1)");
    }
    return value;
  }

  static double positiveFinite(String name, double value) {
    if (!(value > 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " = " + value + " must be a positive finite number");
    }
    return value;
  }

  static double nonNegativeFinite(String name, double value) {
    if (!(value >= 0.0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " = " + value + " must be a non-negative finite number");
    }
    return value;
  }

  static long atLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " = " + value + " is below the minimum " + min);
    }
    return value;
  }

  static int atLeast(String name, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " = " + value + " is below the minimum " + min);
    }
    return value;
  }
}
