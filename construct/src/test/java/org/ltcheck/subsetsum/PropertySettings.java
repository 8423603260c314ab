package org.ltcheck.subsetsum;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * How the solver properties run: from one fixed seed, so that a failure in CI reproduces exactly,
 * unless {@code -Dltcheck.seed=N} asks for other cases. A failure names the seed and the shrunk
 * (seed, n, ...) case, from which {@link RandomProblems#draw} rebuilds the problem.
 */
final class PropertySettings {
    /** The seed of every solver property unless -Dltcheck.seed is given. */
    static final long FIXED_SEED = 20220717L;

    private PropertySettings() {
    }

    static QuickTheory qt(int examples) {
        String chosen = System.getProperty("ltcheck.seed", "").strip();
        return QuickTheory.qt().withFixedSeed(chosen.isEmpty() ? FIXED_SEED : Long.parseLong(chosen))
                .withExamples(examples);
    }

    /** @return any long, as the seed {@link RandomProblems#draw} builds a problem from */
    static Gen<Long> seeds() {
        return longs().all();
    }

    /** @return a base-set size or subset-size limit in [0, max] */
    static Gen<Integer> upTo(int max) {
        return integers().between(0, max);
    }
}
