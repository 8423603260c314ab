package org.ltcheck.experiments.reproduce;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.assess.ToleranceLimits;
import org.ltcheck.theory.Construction;

/**
 * The tickets stage construct builds: every construction × ε × mother seed, each certified and
 * evaluated on {@code images} test images spread evenly over the test set.
 *
 * @param constructions L+1 and/or 2L
 * @param epsilons per-parameter tolerances ε (η of PAPER §2b), each in (0,1)
 * @param motherSeeds seeds of the mother networks, one repetition each
 * @param rho copies per channel in L+1 sum layers (the paper's base-set size, 15)
 * @param rho1 copies per channel in copy layers (the reference's 30)
 * @param delta failure probability of the theory's width bound
 * @param images test images to compare target and ticket on (all of the test set when larger)
 */
public record ConstructionGrid(
    List<Construction> constructions, List<Double> epsilons, List<Long> motherSeeds, int rho, int rho1, double delta,
    int images) {

  /** One construction of the grid. */
  public record Cell(Construction construction, double eps, long seed) {
    /** File-name-safe identifier, e.g. {@code Lplus1-eps0.01-seed3}. */
    public String id() {
      return String.format(Locale.ROOT, "%s-eps%s-seed%d", construction.label().replace("+", "plus"), eps, seed);
    }

    /** Human-readable name, e.g. {@code L+1 ε=0.01 seed 3}. */
    public String label() {
      return String.format(Locale.ROOT, "%s ε=%s seed %d", construction.label(), eps, seed);
    }
  }

  public ConstructionGrid {
    constructions = distinct("--constructions", constructions);
    epsilons = distinct("--eps", epsilons);
    motherSeeds = distinct("--mother-seeds", motherSeeds);
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("--delta must be in (0,1), got " + delta);
    }
    if (images < 1) {
      throw new IllegalArgumentException("--images must be >= 1, got " + images);
    }
    for (Construction c : constructions) {
      for (double eps : epsilons) {
        // Checks ε, ρ and ρ₁, naming the bad value (fields are not assigned yet: no instance methods here),
        // and refuses an ε no subset sum reaches before anything is trained.
        ToleranceLimits.checkAtUnitScale(new ConstructionSettings(
            c, eps, 1, rho, rho1, ConstructionSettings.DEFAULT_MAX_SUBSET_SIZE, false, 1));
      }
    }
  }

  /** All cells: constructions outermost, then ε (descending), then seeds, in the given order. */
  public List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    List<Double> eps = epsilons.stream().sorted((a, b) -> Double.compare(b, a)).toList();
    for (Construction c : constructions) {
      for (double e : eps) {
        for (long s : motherSeeds) {
          out.add(new Cell(c, e, s));
        }
      }
    }
    return out;
  }

  /** The construction settings of {@code cell}; results do not depend on {@code threads}. */
  public ConstructionSettings settings(Cell cell, int threads) {
    return new ConstructionSettings(cell.construction(), cell.eps(), cell.seed(), rho, rho1,
        ConstructionSettings.DEFAULT_MAX_SUBSET_SIZE, false, threads);
  }

  private static <T> List<T> distinct(String option, List<T> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException(option + " needs at least one value");
    }
    if (new HashSet<>(values).size() != values.size()) {
      throw new IllegalArgumentException(option + " lists a value twice: " + values);
    }
    return List.copyOf(values);
  }
}
