package org.ltcheck.experiments.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The repetitions (mother seeds) of one construction at one ε, summarised as the paper reports
 * them: mean ± standard deviation of ticket size and accuracy.
 *
 * @param repetitions mother seeds
 * @param ticketParamsSd sample standard deviation (0 for one repetition)
 * @param theoryTicketParams the theory's estimate (the same for every seed)
 * @param maxLogitDifference the largest over the repetitions
 * @param allValid whether every repetition's certificate is valid
 */
public record TicketSummary(
    String construction, double eps, int repetitions, double ticketParamsMean, double ticketParamsSd,
    double theoryTicketParams, double ticketAccuracyMean, double ticketAccuracySd, double agreementMean,
    double maxLogitDifference, boolean allValid) {

  /** One summary per (construction, ε), in the order the rows first show them. */
  public static List<TicketSummary> of(List<TicketRow> rows) {
    Map<String, List<TicketRow>> groups = new LinkedHashMap<>();
    for (TicketRow r : rows) {
      groups.computeIfAbsent(r.construction() + "|" + r.eps(), k -> new ArrayList<>()).add(r);
    }
    List<TicketSummary> out = new ArrayList<>();
    for (List<TicketRow> g : groups.values()) {
      TicketRow first = g.get(0);
      out.add(new TicketSummary(first.construction(), first.eps(), g.size(),
          mean(g, r -> r.ticketParams()), sd(g, r -> r.ticketParams()), first.theoryTicketParams(),
          mean(g, TicketRow::ticketAccuracy), sd(g, TicketRow::ticketAccuracy), mean(g, TicketRow::agreement),
          g.stream().mapToDouble(TicketRow::maxLogitDifference).max().orElseThrow(),
          g.stream().allMatch(TicketRow::certificateValid)));
    }
    return out;
  }

  static double mean(List<TicketRow> rows, ToDoubleFunction<TicketRow> f) {
    return rows.stream().mapToDouble(f).average().orElseThrow();
  }

  /** Sample standard deviation, 0 for a single value. */
  static double sd(List<TicketRow> rows, ToDoubleFunction<TicketRow> f) {
    if (rows.size() < 2) {
      return 0;
    }
    double m = mean(rows, f);
    double ss = rows.stream().mapToDouble(f).map(v -> (v - m) * (v - m)).sum();
    return Math.sqrt(ss / (rows.size() - 1));
  }
}
