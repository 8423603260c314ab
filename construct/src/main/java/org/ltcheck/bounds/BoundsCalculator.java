package org.ltcheck.bounds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ltcheck.targets.TargetDescription;

import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.theory.ErrorPropagation;
import org.ltcheck.theory.LayerMagnitudes;
import org.ltcheck.theory.LayerShape;
import org.ltcheck.theory.MotherLayer;
import org.ltcheck.theory.MotherPlan;
import org.ltcheck.theory.MotherWidths;
import org.ltcheck.theory.SubsetSumBound;
import org.ltcheck.theory.TargetArchitecture;
import org.ltcheck.theory.WidthParameters;

/** Turns a target and settings into the bounds report: all the numbers, no formatting. */
public final class BoundsCalculator {
  /** How the error bound is labelled when the weights are unknown. */
  public static final String UNIT_MAGNITUDES = "assumed dense, |w| <= 1, |b| <= 1";

  /** How the error bound is labelled when it uses the target's weights. */
  public static final String TARGET_MAGNITUDES = "target";

  private BoundsCalculator() {}

  /** How the error bound is labelled for a residual target, which it does not cover. */
  public static final String RESIDUAL = "not computed: the sequential bound of PAPER 2b does not cover residual shortcuts";

  /**
   * @throws IllegalArgumentException for an output tolerance that no η in (0, 1) is needed for,
   *     one asked of a residual target, or sizes whose mother widths overflow
   */
  public static BoundsReport compute(TargetDescription target, BoundsSettings s) {
    TargetArchitecture arch = target.architecture();
    boolean known = target.weightsKnown();
    boolean residual = target.residual();
    List<LayerMagnitudes> magnitudes =
        target.magnitudes(s.activation()).orElseGet(() -> unitMagnitudes(arch, s.activation()));
    double eta = s.outputEps().isPresent() ? etaFor(s.outputEps().getAsDouble(), magnitudes, s, residual) : s.eta();
    WidthParameters p = new WidthParameters(eta, s.delta(), s.cSingle(), s.cProduct(),
        SubsetSumBound.MEAN_SUBSET_SIZE_SINGLE_DEFAULT, SubsetSumBound.MEAN_SUBSET_SIZE_PRODUCT_DEFAULT,
        s.rho(), s.rho1());
    MotherPlan plan;
    try {
      plan = MotherWidths.plan(arch, s.construction(), p);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the mother network for rho = " + describe(s.rho()) + ", rho1 = "
          + describe(s.rho1()) + " at eta = " + eta + " is too large to count (" + e.getMessage()
          + "); widths and parameter counts must fit in 64 bits", e);
    }
    ErrorBound error = residual ? null : ErrorPropagation.outputError(magnitudes, s.inputBound(), eta);

    List<BoundsReport.MotherLayerRow> rows = new ArrayList<>();
    for (MotherLayer m : plan.layers()) {
      rows.add(motherRow(m, target.layers().get(m.targetLayer())));
    }
    long targetParams = arch.targetNonZeroParams();
    BoundsReport.Totals totals = new BoundsReport.Totals(
        targetParams,
        plan.motherParams(),
        Math.round(plan.ticketParamsEstimate()),
        targetParams == 0 ? null : plan.ticketToTargetRatio());
    BoundsReport.ErrorSummary errorSummary = residual
        ? new BoundsReport.ErrorSummary(RESIDUAL, List.of(), null)
        : new BoundsReport.ErrorSummary(
            known ? TARGET_MAGNITUDES : UNIT_MAGNITUDES,
            Arrays.stream(error.layerMaxErrors()).boxed().toList(),
            error.outputBound());
    return new BoundsReport(
        target.source(),
        s.construction().label(),
        eta,
        s.outputEps().isPresent() ? s.outputEps().getAsDouble() : null,
        s.delta(),
        s.activation().cliName(),
        target.input().toString(),
        s.inputBound(),
        s.cSingle(),
        s.cProduct(),
        p.meanSubsetSizeSingle(),
        p.meanSubsetSizeProduct(),
        plan.rho(),
        s.rho().isPresent(),
        plan.rho1(),
        s.rho1().isPresent(),
        plan.problems(),
        target.layers().stream().map(BoundsCalculator::targetRow).toList(),
        plan.depth(),
        Arrays.stream(plan.channels()).boxed().toList(),
        rows,
        totals,
        errorSummary);
  }

  /**
   * The largest uniform η meeting the output tolerance ε. An ε that every η in (0, 1) meets
   * would report η = 1, which no construction accepts, so it is out of range.
   */
  private static double etaFor(double outputEps, List<LayerMagnitudes> magnitudes, BoundsSettings s, boolean residual) {
    if (residual) {
      throw new IllegalArgumentException("--output-eps needs the worst-case output bound, which " + RESIDUAL
          + "; give --eps instead");
    }
    double atOne = ErrorPropagation.outputError(magnitudes, s.inputBound(), 1.0).outputBound();
    if (atOne <= outputEps) {
      throw new IllegalArgumentException("--output-eps = " + outputEps + " is met by every eta in (0, 1) (the"
          + " worst-case output error at eta = 1 is " + atOne + "); give a smaller output tolerance or --eps");
    }
    return ErrorPropagation.largestUniformEta(magnitudes, s.inputBound(), outputEps);
  }

  private static String describe(java.util.OptionalInt v) {
    return v.isPresent() ? Integer.toString(v.getAsInt()) : "derived";
  }

  private static List<LayerMagnitudes> unitMagnitudes(TargetArchitecture arch, ActivationKind hidden) {
    List<LayerMagnitudes> out = new ArrayList<>();
    for (int l = 0; l < arch.depth(); l++) {
      out.add(LayerMagnitudes.unitBound(arch.layer(l), l == arch.depth() - 1 ? ActivationKind.IDENTITY : hidden));
    }
    return out;
  }

  private static BoundsReport.TargetLayerRow targetRow(TargetDescription.Layer t) {
    LayerShape s = t.shape();
    return new BoundsReport.TargetLayerRow(
        t.name(),
        kindName(s.kind()),
        t.geometry().describe(),
        s.inChannels(),
        s.outChannels(),
        s.kernelPositions(),
        s.inputPositionsPerChannel(),
        s.spatialPositions(),
        s.targetNonZeroWeights(),
        s.targetNonZeroBiases(),
        s.denseWeights(),
        t.maxAbsWeight().isPresent() ? t.maxAbsWeight().getAsDouble() : null);
  }

  private static BoundsReport.MotherLayerRow motherRow(MotherLayer m, TargetDescription.Layer t) {
    boolean copy = m.role() == MotherLayer.Role.COPY;
    return new BoundsReport.MotherLayerRow(
        m.index(),
        m.role().name().toLowerCase(java.util.Locale.ROOT),
        kindName(m.kind()),
        motherShape(m, t),
        m.targetLayer(),
        t.name(),
        t.geometry().describe(),
        copy ? null : t.shape().targetNonZeroWeights(),
        copy ? null : t.shape().targetNonZeroBiases(),
        m.inChannels(),
        m.outChannels(),
        m.copiesPerTargetChannel(),
        m.constantChannels(),
        m.subsetSumProblems(),
        m.params(),
        Math.round(m.ticketParamsEstimate()));
  }

  /** E.g. "conv 1x1 1->208", "conv 3x3 208->1419", "linear 1419x784->10". */
  private static String motherShape(MotherLayer m, TargetDescription.Layer t) {
    String in = m.inputPositionsPerChannel() > 1 ? m.inChannels() + "x" + m.inputPositionsPerChannel() : "" + m.inChannels();
    return switch (m.kind()) {
      case CONV -> {
        boolean copy = m.role() == MotherLayer.Role.COPY;
        int kh = copy ? 1 : t.geometry().kernelHeight();
        int kw = copy ? 1 : t.geometry().kernelWidth();
        yield "conv " + kh + "x" + kw + " " + in + "->" + m.outChannels();
      }
      case LINEAR -> "linear " + in + "->" + m.outChannels();
    };
  }

  private static String kindName(LayerShape.Kind k) {
    return k.name().toLowerCase(java.util.Locale.ROOT);
  }
}
