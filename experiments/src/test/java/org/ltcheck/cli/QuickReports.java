package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/** What every {@code ltcheck reproduce ... --quick} report must satisfy, whichever the experiment. */
final class QuickReports {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QuickReports() {}

  /**
   * Checks the report in {@code out} of a successful {@code run} of {@code experiment}: one row
   * per grid cell, each with a valid certificate, every parameter within ε, a proper subnetwork,
   * its own cell report and ticket file, every image within its per-input bound where one
   * applies; the annealed densities; decodable plots that report.md shows.
   *
   * @return the report's ticket rows
   */
  static JsonNode assertComplete(Path out, CliRun run, String experiment) throws IOException {
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals(experiment, report.get("experiment").asText());
    assertEquals("quick", report.get("preset").asText());

    JsonNode tickets = report.get("tickets");
    JsonNode grid = report.get("settings").get("construction");
    int cells = grid.get("constructions").size() * grid.get("eps").size() * grid.get("motherSeeds").size();
    assertEquals(cells, tickets.size());
    Set<String> constructions = new HashSet<>();
    long targetParams = report.get("target").get("nonZeroParams").asLong();
    for (JsonNode t : tickets) {
      constructions.add(t.get("construction").asText());
      assertTrue(t.get("certificateValid").asBoolean(), "certificate of " + t);
      assertTrue(t.get("maxError").asDouble() <= t.get("eps").asDouble(), "every parameter within eps: " + t);
      assertEquals(targetParams, t.get("targetParams").asLong());
      int within = t.get("imagesWithinBound").asInt();
      if (within >= 0) {
        assertEquals(t.get("images").asInt(), within, "every image's logit difference within its per-input bound: " + t);
      }
      assertTrue(t.get("ticketParams").asLong() > 0 && t.get("ticketParams").asLong() < t.get("motherParams").asLong(),
          "a ticket is a proper subnetwork: " + t);
      double acc = t.get("ticketAccuracy").asDouble();
      assertTrue(acc >= 0 && acc <= 1, t.toString());
      assertTrue(Files.isRegularFile(out.resolve(t.get("ticket").asText())), "ticket file of " + t);
      JsonNode cell = JSON.readTree(out.resolve(t.get("report").asText()).toFile());
      assertEquals(t.get("ticketParams").asLong(), cell.get("ticketParams").asLong(), "row matches its cell report");
    }
    assertEquals(Set.of("L+1", "2L"), constructions);

    JsonNode pruning = report.get("pruning");
    int steps = report.get("settings").get("training").get("pruningSteps").asInt();
    assertEquals(steps + 1, pruning.size());
    assertEquals(1.0, pruning.get(0).get("density").asDouble());
    assertEquals(0.1, pruning.get(steps).get("density").asDouble(), 1e-4);
    for (int k = 1; k <= steps; k++) {
      assertTrue(pruning.get(k).get("density").asDouble() < pruning.get(k - 1).get("density").asDouble());
    }

    List<String> pngs = new ArrayList<>();
    report.get("figures").forEach(f -> {
      if (f.isArray()) {
        f.forEach(g -> pngs.add(g.asText()));
      } else {
        pngs.add(f.asText());
      }
    });
    assertTrue(pngs.size() >= 4, pngs.toString());
    for (String png : pngs) {
      BufferedImage image = ImageIO.read(out.resolve(png).toFile());
      assertNotNull(image, png + " decodes");
      assertTrue(image.getWidth() > 100 && image.getHeight() > 100, png);
    }

    String md = Files.readString(out.resolve("report.md"));
    for (String png : pngs) {
      assertTrue(md.contains("](" + png + ")"), "report.md shows " + png);
    }
    assertTrue(md.contains("| construction |") && md.contains("| step |"), md);
    assertTrue(run.out().contains("every certificate valid"), run.out());
    return tickets;
  }
}
