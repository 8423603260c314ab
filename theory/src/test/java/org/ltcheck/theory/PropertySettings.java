package org.ltcheck.theory;

import static org.quicktheories.generators.SourceDSL.longs;

import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * How the theory's properties run and what they draw. Each property has its own fixed seed, so a
 * failure in CI reproduces exactly; {@code -Dltcheck.seed=N} replaces every seed to explore other
 * cases. A failure names the seed and the shrunk case.
 */
final class PropertySettings {
  /** Examples per property: as many as the property tests have always tried. */
  static final int EXAMPLES = 1000;

  private PropertySettings() {}

  static QuickTheory qt(long fixedSeed) {
    String chosen = System.getProperty("ltcheck.seed", "").strip();
    long seed = chosen.isEmpty() ? fixedSeed : Long.parseLong(chosen);
    return QuickTheory.qt().withFixedSeed(seed).withExamples(EXAMPLES);
  }

  /** Any long, as the seed of a {@code java.util.Random} that draws an architecture or magnitudes. */
  static Gen<Long> seeds() {
    return longs().all();
  }

  /**
   * Decimals with two places in [min, max] (exponents and tolerances read best that way), shrinking
   * towards zero or the bound nearest to it.
   */
  static Gen<Double> decimals(double min, double max) {
    return longs().between(Math.round(min * 100), Math.round(max * 100)).map(hundredths -> hundredths / 100.0);
  }
}
