package org.ltcheck.cli;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.ltcheck.assess.OutputToleranceLadder;
import org.ltcheck.assess.OutputToleranceSearch;
import org.ltcheck.assess.TicketJob;
import org.ltcheck.bounds.BoundsCalculator;
import org.ltcheck.bounds.BoundsReport;
import org.ltcheck.bounds.BoundsSettings;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.data.Normalization;
import org.ltcheck.targets.Target;
import org.ltcheck.theory.SubsetSumBound;

/**
 * {@code construct --output-eps E}: the search's certifier (the differential certificate's global bound) and the
 * theory's mother at (E, δ), computed as {@code ltcheck bounds --output-eps E} does, to report the widths against.
 */
final class OutputToleranceTheory {
  private OutputToleranceTheory() {}

  static TicketJob.OutputTolerance request(double outputEps, Target target, ConstructionSettings settings,
      double delta, Normalization normalization, int threads) {
    OutputToleranceSearch.GlobalBound certifier = OutputToleranceSearch.GlobalBound.differential(normalization, threads);
    BoundsSettings bounds = new BoundsSettings(settings.construction(), settings.eta(), OptionalDouble.of(outputEps),
        delta, TargetLayers.of(target.network()).get(0).activation().kind(), OptionalInt.empty(), OptionalInt.empty(),
        SubsetSumBound.C_SINGLE_DEFAULT, SubsetSumBound.C_PRODUCT_DEFAULT, settings.inputBound());
    try {
      BoundsReport b = BoundsCalculator.compute(target.description(), bounds);
      return new TicketJob.OutputTolerance(outputEps, certifier,
          new OutputToleranceLadder.TheoryMother(b.eta(), delta, b.rho(), b.rho1(), b.motherChannels()), null);
    } catch (IllegalArgumentException | ArithmeticException e) {
      return new TicketJob.OutputTolerance(outputEps, certifier, null, "not computed: " + e.getMessage());
    }
  }
}
