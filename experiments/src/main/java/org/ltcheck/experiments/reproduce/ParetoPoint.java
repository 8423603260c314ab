package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ltcheck.assess.Agreement;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.ticket.Ticket;

/**
 * One ticket of stage pareto: its size against the base-set size it was built with.
 *
 * @param construction the curve: "L+1", "2L" or "L+1 conv-only"
 * @param rho copies per channel of the L+1 sum layers
 * @param rho1 copies per channel of the copy layers
 * @param theory whether ρ, ρ₁ are the theory's for the tolerance
 * @param motherParams all parameters of the mother
 * @param ticketParams kept parameters of the ticket
 * @param targetParams nonzero parameters of the target the ticket was built for (dead channels removed)
 * @param termsPerWeight mean number of random terms in a subset sum (one per target weight and copy)
 * @param agreement top-1 agreement of ticket and target on the test images (NaN: not evaluated,
 *     the conv-only target has no classes)
 * @param ticketAccuracy test accuracy of the ticket (NaN: not evaluated)
 * @param valid whether the certificate is valid (every parameter within η)
 * @param seconds construction, certification and evaluation
 */
public record ParetoPoint(String construction, int rho, int rho1, boolean theory, long motherParams,
    long ticketParams, long targetParams, double termsPerWeight, double agreement,
    double ticketAccuracy, boolean valid, double seconds) {

  /** The point of a {@code construct} report on curve {@code curve}. */
  static ParetoPoint of(String curve, ConstructionReport r, int rho, int rho1, boolean theory, double seconds) {
    Ticket t = r.result().ticket();
    long target = TargetLayers.nonZeroParameters(r.result().target());
    Agreement a = r.agreement();
    return new ParetoPoint(curve, rho, rho1, theory, t.mother().parameterCount(), t.parameterCount(), target,
        r.result().statistics().meanSubsetSize(), a == null ? Double.NaN : a.agreement(),
        a == null ? Double.NaN : a.ticketAccuracy(), r.certificate().valid(), seconds);
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
    o.put("targetParams", targetParams);
    o.put("ticketToTarget", ratio());
    o.put("termsPerWeight", termsPerWeight);
    putFraction(o, "agreement", agreement);
    putFraction(o, "ticketAccuracy", ticketAccuracy);
    o.put("certificateValid", valid);
    o.put("seconds", seconds);
    return o;
  }

  /** A fraction, or null for NaN (not measured): JSON has no NaN. */
  private static void putFraction(ObjectNode o, String name, double value) {
    if (Double.isNaN(value)) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }

  private static double fraction(JsonNode o, String name) {
    return o.get(name).isNull() ? Double.NaN : o.get(name).asDouble();
  }

  static ParetoPoint fromJson(JsonNode o) {
    return new ParetoPoint(o.get("construction").asText(), o.get("rho").asInt(), o.get("rho1").asInt(),
        o.get("theory").asBoolean(), o.get("motherParams").asLong(), o.get("ticketParams").asLong(),
        o.get("targetParams").asLong(), o.get("termsPerWeight").asDouble(), fraction(o, "agreement"),
        fraction(o, "ticketAccuracy"), o.get("certificateValid").asBoolean(),
        o.get("seconds").asDouble());
  }
}
