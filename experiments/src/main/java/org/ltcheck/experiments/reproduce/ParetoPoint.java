package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.ticket.Ticket;

/**
 * One ticket of stage pareto: its size against the base-set size it was built with.
 *
 * @param construction "L+1" or "2L"
 * @param rho copies per channel of the L+1 sum layers
 * @param rho1 copies per channel of the copy layers
 * @param theory whether ρ, ρ₁ are the theory's for the tolerance
 * @param motherParams all parameters of the mother
 * @param ticketParams kept parameters of the ticket
 * @param convTicketParams kept parameters of the mother layers for the target's convolutions
 *     (their copy layers included, the dense head's left out), the reference's "conv-only" count
 * @param targetParams nonzero parameters of the target the ticket was built for (dead channels removed)
 * @param termsPerWeight mean number of random terms in a subset sum (one per target weight and copy)
 * @param agreement top-1 agreement of ticket and target on the test images
 * @param ticketAccuracy test accuracy of the ticket
 * @param valid whether the certificate is valid (every parameter within η)
 * @param seconds construction, certification and evaluation
 */
public record ParetoPoint(String construction, int rho, int rho1, boolean theory, long motherParams,
    long ticketParams, long convTicketParams, long targetParams, double termsPerWeight, double agreement,
    double ticketAccuracy, boolean valid, double seconds) {

  /** The point of a {@code construct} report. */
  static ParetoPoint of(ConstructionReport r, int rho, int rho1, boolean theory, double seconds) {
    Ticket t = r.result().ticket();
    long conv = 0;
    int next = -1;
    // A copy layer belongs to the sum layer after it, so walk from the output side.
    for (int m = t.masks().size() - 1; m >= 0; m--) {
      MotherLayerSpec l = t.mother().layers().get(m);
      if (l.role() == MotherLayerSpec.Role.SUM) {
        next = l.targetLayer();
      }
      if (next >= 0 && r.result().target().get(next).kind() == TargetLayer.Kind.CONV) {
        conv += t.masks().get(m).parameterCount();
      }
    }
    long target = r.result().target().stream().mapToLong(l -> l.nonZeroWeights() + l.nonZeroBiases()).sum();
    return new ParetoPoint(r.construction(), rho, rho1, theory, t.mother().parameterCount(), t.parameterCount(), conv,
        target, r.result().statistics().meanSubsetSize(), r.agreement().agreement(), r.agreement().ticketAccuracy(),
        r.certificate().valid(), seconds);
  }

  /** Ticket parameters per target parameter. */
  double ratio() {
    return ticketParams / (double) targetParams;
  }

  ObjectNode toJson(ObjectNode o) {
    o.put("construction", construction);
    o.put("rho", rho);
    o.put("rho1", rho1);
    o.put("theory", theory);
    o.put("motherParams", motherParams);
    o.put("ticketParams", ticketParams);
    o.put("convTicketParams", convTicketParams);
    o.put("targetParams", targetParams);
    o.put("ticketToTarget", ratio());
    o.put("termsPerWeight", termsPerWeight);
    o.put("agreement", agreement);
    o.put("ticketAccuracy", ticketAccuracy);
    o.put("certificateValid", valid);
    o.put("seconds", seconds);
    return o;
  }

  static ParetoPoint fromJson(com.fasterxml.jackson.databind.JsonNode o) {
    return new ParetoPoint(o.get("construction").asText(), o.get("rho").asInt(), o.get("rho1").asInt(),
        o.get("theory").asBoolean(), o.get("motherParams").asLong(), o.get("ticketParams").asLong(),
        o.get("convTicketParams").asLong(), o.get("targetParams").asLong(), o.get("termsPerWeight").asDouble(),
        o.get("agreement").asDouble(), o.get("ticketAccuracy").asDouble(), o.get("certificateValid").asBoolean(),
        o.get("seconds").asDouble());
  }
}
