/**
 * Subset-sum approximation: approximate a target weight z by a sum of a subset of random base values,
 * the building block of every strong-lottery-ticket construction (Lueker 1998; Burkholz 2022, §2).
 *
 * <p>All solvers share one search space (subsets of at most a configured size) and one arithmetic:
 * a subset's sum is accumulated left to right in ascending index order starting from {@code +0.0}
 * (see {@link org.ltcheck.subsetsum.SubsetSolution#of}), so different policies can be compared bit for bit.
 *
 * <ul>
 *   <li>{@link org.ltcheck.subsetsum.MinimumCardinalitySolver} — the production solver: fewest elements,
 *       then smallest error, vectorised with EJML.</li>
 *   <li>{@link org.ltcheck.subsetsum.MeetInTheMiddleSolver} — the same answers for base sets of up to 40 values
 *       and tiny tolerances, by meet in the middle over sorted half sums; also least Σ|x| within tolerance.</li>
 *   <li>{@link org.ltcheck.subsetsum.FirstFitSolver} — the reference implementation's policy, kept for
 *       comparison.</li>
 *   <li>{@code BruteForceSolver} (test sources) — the exhaustive oracle the tests compare against.</li>
 * </ul>
 */
package org.ltcheck.subsetsum;
