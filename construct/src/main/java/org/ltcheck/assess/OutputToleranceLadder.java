package org.ltcheck.assess;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * How {@code construct --output-eps E} chose its tolerances: every rung of the {@link OutputToleranceSearch}
 * (per-layer η, base sets, certified global bound, ticket and mother size, time), which one was chosen, why the
 * search stopped, and the theory's mother at (E, δ) to compare the widths with.
 *
 * @param outputEps E
 * @param theory the theory's mother at (E, δ), or null where the a-priori bound it needs is not defined
 * @param theoryNote why {@code theory} is missing, or null
 */
public record OutputToleranceLadder(double outputEps, OutputToleranceSearch.Outcome outcome, TheoryMother theory,
    String theoryNote) implements ReportSection {

  /**
   * The width bound of the theory ({@code ltcheck bounds --output-eps E}): the largest uniform η of the
   * worst-case §2b bound meeting E, and the mother widths for it at δ.
   */
  public record TheoryMother(double eta, double delta, int rho, int rho1, List<Integer> widths) {
    public TheoryMother {
      widths = List.copyOf(widths);
    }
  }

  public OutputToleranceLadder {
    Objects.requireNonNull(outcome, "outcome");
  }

  @Override
  public String name() {
    return "outputTolerance";
  }

  /** The chosen rung. */
  public OutputToleranceSearch.Rung chosen() {
    return outcome.rungs().get(outcome.chosen());
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("outputEps", outputEps);
    o.put("reached", outcome.reached());
    o.put("certifiedBound", chosen().certifiedBound());
    o.put("chosenRung", outcome.chosen());
    o.put("reason", outcome.reason());
    ArrayNode etas = o.putArray("layerEtas");
    chosen().layerEtas().forEach(etas::add);
    o.put("subsetObjective", outcome.settings().subsetObjective().name());
    ArrayNode ladder = o.putArray("ladder");
    for (OutputToleranceSearch.Rung r : outcome.rungs()) {
      ObjectNode n = ladder.addObject();
      n.put("kind", r.kind().name());
      ArrayNode e = n.putArray("layerEtas");
      r.layerEtas().forEach(e::add);
      n.put("rho", r.rho());
      n.put("rho1", r.rho1());
      n.put("maxSubsetSize", r.maxSubsetSize());
      n.put("certifiedBound", r.certifiedBound());
      n.put("ticketParams", r.ticketParameters());
      n.put("motherParams", r.motherParameters());
      n.put("seconds", r.seconds());
    }
    ArrayNode mother = o.putArray("motherWidths");
    for (int w : outcome.result().ticket().mother().widths()) {
      mother.add(w);
    }
    if (theory != null) {
      ObjectNode t = o.putObject("theory");
      t.put("eta", theory.eta());
      t.put("delta", theory.delta());
      t.put("rho", theory.rho());
      t.put("rho1", theory.rho1());
      ArrayNode w = t.putArray("widths");
      theory.widths().forEach(w::add);
    } else {
      o.put("theory", theoryNote);
    }
    return o;
  }
}
