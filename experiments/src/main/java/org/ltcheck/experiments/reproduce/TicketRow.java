package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One ticket of the reproduction, the columns of the report's main table, taken from the
 * {@code ltcheck construct} report the ticket's cell wrote.
 *
 * @param construction L+1 or 2L
 * @param eps per-parameter tolerance
 * @param seed mother seed
 * @param targetParams nonzero weights and biases of the target
 * @param motherParams all parameters of the constructed mother
 * @param theoryMotherParams parameters of the mother the theory's width bound asks for
 * @param ticketParams parameters kept in the ticket
 * @param theoryTicketParams the theory's estimate of the ticket's size
 * @param widthFactors per mother layer, the constructed width over the theory's width (below 1:
 *     the construction needed less than the bound)
 * @param targetAccuracy target's test accuracy on the evaluated images
 * @param ticketAccuracy ticket's test accuracy on the same images
 * @param agreement fraction of images where ticket and target predict the same class
 * @param maxLogitDifference largest |ticket logit − target logit| measured
 * @param outputErrorBound certified bound on that difference over the whole input domain
 * @param maxPerInputBound the largest per-input certified bound over the evaluated images
 * @param imagesWithinBound evaluated images whose measured difference is within their per-input
 *     bound (all of them, unless the certificate is wrong)
 * @param certificateValid whether every composed parameter is within ε and the structure is sound
 * @param maxError largest error of a composed parameter
 * @param images test images evaluated
 * @param constructionSeconds time of the construction alone
 * @param report the cell's report file, relative to the output directory
 * @param ticket the ticket file, relative to the output directory
 */
public record TicketRow(
    String construction, double eps, long seed, long targetParams, long motherParams, long theoryMotherParams,
    long ticketParams, double theoryTicketParams, List<Double> widthFactors, double targetAccuracy,
    double ticketAccuracy, double agreement, double maxLogitDifference, double outputErrorBound,
    double maxPerInputBound, int imagesWithinBound, boolean certificateValid, double maxError, int images, double constructionSeconds, String report, String ticket) {

  public TicketRow {
    widthFactors = List.copyOf(widthFactors);
  }

  /** Ticket parameters per nonzero target parameter. */
  public double ticketToTarget() {
    return ticketParams / (double) Math.max(1, targetParams);
  }

  /** The largest width factor over the mother's layers. */
  public double maxWidthFactor() {
    return widthFactors.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  /**
   * Reads a row from a cell's record (the JSON of {@code ConstructionReport} plus the stage's
   * fields).
   *
   * @param report the record's file name relative to the output directory
   */
  static TicketRow of(JsonNode cell, String report) {
    List<Double> factors = new ArrayList<>();
    for (JsonNode layer : cell.path("layers")) {
      double theory = layer.path("theoryWidth").asDouble(-1);
      if (theory > 0) {
        factors.add(layer.path("motherWidth").asDouble() / theory);
      }
    }
    JsonNode theory = cell.path("theory");
    return new TicketRow(cell.path("construction").asText(), cell.path("eps").asDouble(), cell.path("seed").asLong(),
        cell.path("target").path("nonZeroParams").asLong(), cell.path("motherParams").asLong(),
        theory.path("motherParams").asLong(), cell.path("ticketParams").asLong(),
        theory.path("ticketParamsEstimate").asDouble(), factors, cell.path("target").path("accuracy").asDouble(),
        cell.path("ticket").path("accuracy").asDouble(), cell.path("agreement").asDouble(),
        cell.path("maxLogitDifference").asDouble(), cell.path("outputErrorBound").asDouble(),
        cell.path("maxPerInputBound").asDouble(Double.NaN), cell.path("imagesWithinPerInputBound").asInt(-1),
        cell.path("certificateValid").asBoolean(), cell.path("maxError").asDouble(), cell.path("images").asInt(),
        cell.path("constructionSeconds").asDouble(), report, cell.path("ticketFile").asText());
  }
}
