package org.ltcheck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.ltcheck.bounds.BoundsReport;

/** Renders a bounds report as a human-readable table; the JSON form carries the same content. */
public final class BoundsText {
  private static final String[] HEADER = {
    "#", "role", "mother layer", "serves", "target nnz (w+b)", "width", "problems", "mother params", "ticket params"
  };
  /** Columns holding numbers are right-aligned. */
  private static final boolean[] NUMERIC = {true, false, false, false, true, true, true, true, true};

  private BoundsText() {}

  public static String render(BoundsReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "ltcheck bounds: %s construction (depth %d) for %s%n",
        r.construction(), r.motherDepth(), r.source()));
    String etaOrigin = r.outputEps() == null
        ? "given"
        : "largest uniform eta for output tolerance " + num(r.outputEps());
    sb.append(String.format(Locale.ROOT, "  eta = %s per parameter (%s), delta = %s, activation %s, input %s, |x| <= %s%n",
        num(r.eta()), etaOrigin, num(r.delta()), r.activation(), r.input(), num(r.inputBound())));
    sb.append(String.format(Locale.ROOT,
        "  rho = %d (%s, C = %s), rho1 = %d (%s, C = %s, split by sign), M = %s subset-sum problems%n",
        r.rho(), r.rhoFixed() ? "fixed" : "derived", num(r.cSingle()),
        r.rho1(), r.rho1Fixed() ? "fixed" : "derived", num(r.cProduct()), count(r.subsetSumProblems())));
    sb.append(String.format(Locale.ROOT, "  mother channels %s%n%n", r.motherChannels()));

    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (BoundsReport.MotherLayerRow m : r.layers()) {
      rows.add(new String[] {
        Integer.toString(m.index()),
        m.role(),
        m.shape(),
        m.targetName() + " (" + m.targetShape() + ")",
        m.targetNonZeroWeights() == null ? "-" : count(m.targetNonZeroWeights()) + "+" + count(m.targetNonZeroBiases()),
        count(m.width()),
        count(m.subsetSumProblems()),
        count(m.motherParams()),
        count(m.ticketParamsEstimate())
      });
    }
    BoundsReport.Totals t = r.totals();
    rows.add(new String[] {
      "", "total", "", "", count(t.targetNonZeroParams()), "", count(r.subsetSumProblems()),
      count(t.motherParams()), count(t.ticketParamsEstimate())
    });
    appendTable(sb, rows);

    sb.append(String.format(Locale.ROOT, "%n  ticket estimate / target nonzero parameters = %s%n",
        t.ticketToTargetRatio() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", t.ticketToTargetRatio())));
    BoundsReport.ErrorSummary e = r.errorBound();
    if (e.outputBound() == null) {
      sb.append(String.format(Locale.ROOT, "  worst-case output error: %s%n", e.magnitudes()));
    } else {
      sb.append(String.format(Locale.ROOT, "  worst-case output error at eta = %s (%s magnitudes): %s; per layer %s%n",
          num(r.eta()), e.magnitudes(), num(e.outputBound()),
          e.layerMaxErrors().stream().map(BoundsText::num).collect(Collectors.joining(", ", "[", "]"))));
    }
    for (BoundsReport.TargetLayerRow l : r.targetLayers()) {
      if (l.maxAbsWeight() != null && l.maxAbsWeight() > 1) {
        sb.append(String.format(Locale.ROOT,
            "  note: %s has max |w| = %s > 1; the construction must rescale it (the theory assumes |w| <= 1)%n",
            l.name(), num(l.maxAbsWeight())));
      }
    }
    return sb.toString();
  }

  private static void appendTable(StringBuilder sb, List<String[]> rows) {
    int[] width = new int[HEADER.length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int c = 0; c < row.length; c++) {
        String pad = " ".repeat(width[c] - row[c].length());
        line.append(' ').append(NUMERIC[c] ? pad + row[c] : row[c] + pad).append(' ');
      }
      sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String num(double v) {
    if (v != 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) {
      return String.format(Locale.ROOT, "%.4g", v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
  }
}
