package org.ltcheck.assess;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * How {@code construct --min-agreement} chose the per-parameter tolerance: the ladder η = ε,
 * ε/2, … it tried and the top-1 agreement each ticket reached on the calibration images.
 *
 * @param eps the requested (loosest) tolerance ε
 * @param minAgreement the agreement asked for
 * @param data what the agreement was measured on, e.g. "1000 of 60000 MNIST train images"
 * @param steps the rungs tried, loosest first
 * @param reached whether the last rung reached {@code minAgreement}
 */
public record ToleranceCalibration(
    double eps, double minAgreement, String data, List<ToleranceSearch.Step> steps, boolean reached)
    implements ReportSection {
  public ToleranceCalibration {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a calibration has at least one rung");
    }
  }

  /** The tolerance chosen: that of the last rung. */
  public double eta() {
    return steps.get(steps.size() - 1).eta();
  }

  @Override
  public String name() {
    return "calibration";
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("requestedEps", eps);
    c.put("minAgreement", minAgreement);
    c.put("data", data);
    c.put("reached", reached);
    c.put("eta", eta());
    ArrayNode ladder = c.putArray("ladder");
    for (ToleranceSearch.Step s : steps) {
      ObjectNode n = ladder.addObject();
      n.put("eta", s.eta());
      n.put("agreement", s.agreement());
      n.put("ticketParams", s.ticketParameters());
    }
    return c;
  }
}
