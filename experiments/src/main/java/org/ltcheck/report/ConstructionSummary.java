package org.ltcheck.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ltcheck.assess.DeadNeuronSection;
import org.ltcheck.assess.OutputCertificateSection;
import org.ltcheck.assess.OutputToleranceLadder;
import org.ltcheck.assess.OutputToleranceSearch;
import org.ltcheck.assess.ReportSection;
import org.ltcheck.differential.OutputCertificate;
import java.util.stream.Collectors;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.assess.ToleranceCalibration;
import org.ltcheck.certify.LayerCertificate;

/** The human summary of a {@link ConstructionReport}, as {@code ltcheck construct} prints it. */
public final class ConstructionSummary {
  private ConstructionSummary() {}

  /** The summary {@code ltcheck construct} prints: one line per finding. */
  public static String of(ConstructionReport r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "ltcheck construct: %s ticket for %s, eps = %s, seed = %d%n",
        r.construction(), r.target(), r.eps(), r.seed()));
    b.append(String.format(Locale.ROOT, "  mother widths        %s (theory bound %s)%n",
        Arrays.toString(r.result().ticket().mother().widths()), Arrays.toString(r.theory().channels())));
    b.append(String.format(Locale.ROOT, "  parameters           target %,d nonzero | ticket %,d (%.2fx) | mother %,d%n",
        r.targetNonZeroParams(), r.certificate().ticketParameters(),
        r.certificate().ticketParameters() / (double) Math.max(1, r.targetNonZeroParams()), r.certificate().motherParameters()));
    for (ReportSection section : r.sections()) {
      if (section instanceof DeadNeuronSection d) {
        b.append(deadNeuronLine(d));
      }
    }
    b.append(String.format(Locale.ROOT, "  certificate          %s: %,d weights and %,d biases checked, max error %.6f (eps %s)%n",
        r.certificate().valid() ? "VALID" : "INVALID",
        r.certificate().layers().stream().mapToLong(LayerCertificate::checkedWeights).sum(),
        r.certificate().layers().stream().mapToLong(LayerCertificate::checkedBiases).sum(),
        r.certificate().maxError(), r.eps()));
    if (r.calibration() != null) {
      b.append(calibrationLine(r.calibration()));
    }
    b.append(String.format(Locale.ROOT, "  a-priori bound       %.4g (§2b: any ticket within eta, all inputs with |x| <= %.4f)%n",
        r.outputBound().outputBound(), r.inputBound()));
    for (ReportSection section : r.sections()) {
      if (section instanceof OutputCertificateSection o) {
        b.append(outputCertificateLines(o.certificate()));
      } else if (section instanceof OutputToleranceLadder t) {
        b.append(outputToleranceLines(t));
      }
    }
    if (r.agreement() != null) {
      b.append(String.format(Locale.ROOT, "  %s: target %d/%d (%.2f%%), ticket %d/%d (%.2f%%)%n",
          r.agreement().description(), r.agreement().targetCorrect(), r.agreement().images(), 100 * r.agreement().targetAccuracy(),
          r.agreement().ticketCorrect(), r.agreement().images(), 100 * r.agreement().ticketAccuracy()));
      b.append(String.format(Locale.ROOT, "  agreement            %.4f%% of images, max |logit difference| %.6f%n",
          100 * r.agreement().agreement(), r.agreement().maxLogitDifference()));
      if (r.agreement().imagesWithinBound() >= 0) {
        b.append(String.format(Locale.ROOT, "  per-input bound      %d/%d images within their certified bound (largest bound %.4g)%n",
            r.agreement().imagesWithinBound(), r.agreement().images(), r.agreement().maxPerInputBound()));
      }
    }
    b.append(String.format(Locale.ROOT, "  time                 construction %.2f s, certification %.2f s, evaluation %.2f s%n",
        r.result().seconds(), r.certificationSeconds(), r.evaluationSeconds()));
    return b.toString();
  }

  /** The removed dead channels, per target layer, and the target's size without them. */
  private static String deadNeuronLine(DeadNeuronSection d) {
    if (d.removed().isEmpty()) {
      return "  dead channels        none proved 0 over the input domain\n";
    }
    StringBuilder perLayer = new StringBuilder();
    for (int l = 0; l < d.original().size(); l++) {
      perLayer.append(l == 0 ? "" : " / ").append(d.removed().removedFrom(l).length).append(" of ")
          .append(d.original().get(l).outChannels());
    }
    return String.format(Locale.ROOT,
        "  dead channels        %d removed, proved 0 over the input domain (per layer %s): target %,d nonzero without them%n",
        d.removed().count(), perLayer, org.ltcheck.build.TargetLayers.nonZeroParameters(d.built()));
  }

  /** The differential certificate: global certified vs found, then one line per radius. */
  public static String outputCertificateLines(OutputCertificate c) {
    StringBuilder b = new StringBuilder();
    OutputCertificate.Global g = c.global();
    b.append(String.format(Locale.ROOT,
        "  output certificate   certified %.4g >= found %.4g (ratio %.3g): max |logit difference| over the whole"
            + " input domain%n", g.certified(), g.found(), g.ratio()));
    for (OutputCertificate.Local l : c.local()) {
      b.append(String.format(Locale.ROOT,
          "  radius %-4s          top-1 agreement certified for %.2f%% of %d images over the ball, bound median %.4g,"
              + " max %.4g%n", radiusLabel(l.radius()), 100 * l.certifiedAgreement(), l.images(), l.medianBound(),
          l.maxBound()));
    }
    if (!c.local().isEmpty()) {
      b.append(String.format(Locale.ROOT, "  output certificate   %.3f s per image%n", c.secondsPerImage()));
    }
    return b.toString();
  }

  /** The output-tolerance search: one line per rung, the outcome and the theory's widths at (E, δ). */
  public static String outputToleranceLines(OutputToleranceLadder t) {
    StringBuilder b = new StringBuilder();
    for (OutputToleranceSearch.Rung r : t.outcome().rungs()) {
      b.append(String.format(Locale.ROOT,
          "  output-eps rung      %-11s eta %s, rho %d, rho1 %d, subsets <= %d: certified %.4g, ticket %,d, mother %,d,"
              + " %.1f s%n", r.kind().name().toLowerCase(Locale.ROOT), etas(r.layerEtas()), r.rho(), r.rho1(),
          r.maxSubsetSize(), r.certifiedBound(), r.ticketParameters(), r.motherParameters(), r.seconds()));
    }
    OutputToleranceSearch.Rung c = t.chosen();
    b.append(String.format(Locale.ROOT, "  output-eps           %s E = %s: certified global bound %.4g with eta %s (%s)%n",
        t.outcome().reached() ? "REACHED" : "NOT reached,", t.outputEps(), c.certifiedBound(), etas(c.layerEtas()),
        t.outcome().reason()));
    if (t.theory() != null) {
      b.append(String.format(Locale.ROOT, "  theory at E, delta   eta %.3g, rho %d, rho1 %d, widths %s (delta %s)%n",
          t.theory().eta(), t.theory().rho(), t.theory().rho1(), t.theory().widths(), t.theory().delta()));
    } else {
      b.append("  theory at E, delta   " + t.theoryNote() + System.lineSeparator());
    }
    return b.toString();
  }

  private static String etas(List<Double> etas) {
    boolean uniform = etas.stream().distinct().count() == 1;
    return uniform ? String.format(Locale.ROOT, "%.3g", etas.get(0))
        : etas.stream().map(e -> String.format(Locale.ROOT, "%.3g", e)).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String radiusLabel(double r) {
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }

  private static String calibrationLine(ToleranceCalibration c) {
    String ladder = c.steps().stream()
        .map(s -> String.format(Locale.ROOT, "%s: %.2f%%", s.eta(), 100 * s.agreement()))
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "  calibration          eta = %s %s the required agreement >= %.2f%% on %s (%s)%n",
        c.eta(), c.reached() ? "reaches" : "does NOT reach", 100 * c.minAgreement(), c.data(), ladder);
  }
}
