package org.ltcheck.testing;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * How the solver properties run: from one fixed seed, so that a failure in CI reproduces exactly,
 * unless {@code -Dltcheck.seed=N} asks for other cases. A failure names the seed and the shrunk
 * (seed, n, ...) case, from which {@code RandomProblems.draw} rebuilds the problem.
 */
public final class PropertySettings {
    /** The seed of every solver property unless -Dltcheck.seed is given. */
    public static final long FIXED_SEED = 20220717L;

    private PropertySettings() {
    }

    public static QuickTheory qt(int examples) {
        return qt(FIXED_SEED, examples);
    }

    /** A property with its own fixed seed, which {@code -Dltcheck.seed=N} replaces as for every other. */
    public static QuickTheory qt(long fixedSeed, int examples) {
        String chosen = System.getProperty("ltcheck.seed", "").strip();
        return QuickTheory.qt().withFixedSeed(chosen.isEmpty() ? fixedSeed : Long.parseLong(chosen))
                .withExamples(examples);
    }

    /** @return any long, as the seed {@code RandomProblems.draw} builds a problem from */
    public static Gen<Long> seeds() {
        return longs().all();
    }

    /** @return a base-set size or subset-size limit in [0, max] */
    public static Gen<Integer> upTo(int max) {
        return integers().between(0, max);
    }
}
