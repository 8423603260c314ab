package org.ltcheck.assess;

import org.ltcheck.build.ConstructionSettings;

/**
 * How large the base sets and subsets of a construction at a tight tolerance are chosen: the paper's
 * ρ = 15 (ρ₁ = 30, split by sign) reach η = 0.01 for nearly every problem, and every halving of η needs
 * about one more base value (2^n subsets must place one within η of every target in [-1, 1]; measured:
 * n = 15, 20, 28 reach η = 1e-2, 1e-4, 1e-6 for 99.8–100% of the problems,
 * {@code experiments/results/benchmarks/subset-sum-mitm.md}). So ρ = 15 + ⌈log₂(0.01/η)⌉ (at most 30),
 * ρ₁ = 2ρ (at most 60), never below the given settings; a problem that still fails grows its base set by
 * repair. Below η = {@value #LOOSE_ETA} subsets of up to {@value #TIGHT_MAX_SUBSET_SIZE} terms are accepted
 * (the answers there have 5–10 terms; rejecting them would cost a whole extra copy each).
 */
public final class BaseSetGrowth {
  /** Tolerance of the paper's settings, where the given base sets and subset size stay. */
  public static final double LOOSE_ETA = 0.01;
  /** The largest subset accepted at tight tolerances (the settings' limit). */
  public static final int TIGHT_MAX_SUBSET_SIZE = 12;
  private static final int PAPER_RHO = 15;
  private static final int MAX_RHO = 30;
  private static final int MAX_RHO1 = 60;

  private BaseSetGrowth() {}

  /** The base-set size ρ for tolerance {@code eta}, at least {@code given}. */
  public static int rho(double eta, int given) {
    return Math.max(given, Math.min(MAX_RHO, PAPER_RHO + doublings(eta)));
  }

  /** The copy layers' ρ₁ for tolerance {@code eta}, at least {@code given}. */
  public static int rho1(double eta, int given) {
    return Math.max(given, Math.min(MAX_RHO1, 2 * (PAPER_RHO + doublings(eta))));
  }

  /** {@code base} with base sets and subset size grown for its tightest per-layer tolerance. */
  public static ConstructionSettings sized(ConstructionSettings base, double tightest) {
    ConstructionSettings s = base.withRho(rho(tightest, base.rho()), rho1(tightest, base.rho1()));
    return tightest < LOOSE_ETA ? s.withMaxSubsetSize(Math.max(base.maxSubsetSize(), TIGHT_MAX_SUBSET_SIZE)) : s;
  }

  private static int doublings(double eta) {
    return eta >= LOOSE_ETA ? 0 : (int) Math.ceil(Math.log(LOOSE_ETA / eta) / Math.log(2) - 1e-9);
  }
}
