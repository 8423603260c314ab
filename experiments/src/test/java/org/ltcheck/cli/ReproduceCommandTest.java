package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.construct.TargetLayers;
import org.ltcheck.data.DataUnavailableException;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Split;
import org.ltcheck.experiments.reproduce.Experiment;

/**
 * {@code ltcheck reproduce mnist --quick} end to end on real MNIST (skipped only when MNIST
 * cannot be fetched): the report is complete and consistent, and a second run reuses every stage
 * without touching a file. Plus bad input, which must fail fast with one line and exit code 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReproduceCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path out;
  private CliRun first;
  private Map<Path, FileTime> filesAfterFirstRun;

  private static boolean mnistAvailable() {
    try {
      MnistFetcher.withDefaults().ensureCached(Split.TRAIN);
      MnistFetcher.withDefaults().ensureCached(Split.TEST);
      return true;
    } catch (DataUnavailableException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private CliRun quick(String... extra) {
    List<String> args = new ArrayList<>(List.of("reproduce", "mnist", "--quick", "--out", out.toString(),
        "--device", "cpu", "--threads", "2"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @BeforeAll
  void runTheQuickPipelineOnce(@TempDir Path shared) throws IOException {
    out = shared.resolve("quick");
    if (!mnistAvailable()) {
      return;
    }
    first = quick();
    filesAfterFirstRun = modificationTimes(out);
  }

  private void requireFirstRun() {
    assumeTrue(first != null, "MNIST cannot be fetched");
    assertEquals(0, first.exitCode(), first.out() + first.err());
  }

  @Test
  void quickRunWritesACompleteReportWithValidCertificatesAndDecodablePlots() throws IOException {
    requireFirstRun();
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertEquals("mnist", report.get("experiment").asText());
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
      assertEquals(t.get("images").asInt(), t.get("imagesWithinBound").asInt(),
          "every image's logit difference within its per-input certified bound: " + t);
      assertTrue(t.get("ticketParams").asLong() > 0 && t.get("ticketParams").asLong() < t.get("motherParams").asLong(),
          "a ticket is a proper subnetwork: " + t);
      double acc = t.get("ticketAccuracy").asDouble();
      assertTrue(acc >= 0 && acc <= 1, t.toString());
      assertTrue(Files.isRegularFile(out.resolve(t.get("ticket").asText())), "ticket file of " + t);
      JsonNode cell = JSON.readTree(out.resolve(t.get("report").asText()).toFile());
      assertEquals(t.get("ticketParams").asLong(), cell.get("ticketParams").asLong(), "row matches its cell report");
    }
    assertEquals(Set.of("L+1", "2L"), constructions);
    // At the paper's ε = 0.01 the quick target's tickets keep its accuracy within a few points.
    for (JsonNode t : tickets) {
      if (t.get("eps").asDouble() == 0.01) {
        assertTrue(t.get("ticketAccuracy").asDouble() > t.get("targetAccuracy").asDouble() - 0.05, t.toString());
      }
    }

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
    assertTrue(first.out().contains("every certificate valid"), first.out());
  }

  @Test
  void aSecondRunReusesEveryStageAndRewritesNothing() throws IOException {
    requireFirstRun();
    CliRun again = quick();
    assertEquals(0, again.exitCode(), again.err());
    List<String> stageLines = again.out().lines().filter(l -> l.matches("^\\S.*\\s(reused|done)\\s+[0-9.]+ s$")).toList();
    assertFalse(stageLines.isEmpty(), again.out());
    for (String line : stageLines) {
      assertTrue(line.contains(" reused "), "stage redone: " + line);
    }
    assertEquals(filesAfterFirstRun, modificationTimes(out), "no file was written, added or removed");
  }

  @Test
  void aDeletedCellIsRebuiltIdenticallyWhileEverythingElseIsReused(@TempDir Path dir) throws IOException {
    requireFirstRun();
    Path copy = dir.resolve("copy");
    try (Stream<Path> files = Files.walk(out)) {
      for (Path p : files.toList()) {
        Files.copy(p, copy.resolve(out.relativize(p).toString()));
      }
    }
    Path cell = copy.resolve("construct").resolve("2L-eps0.01-seed1.report.json");
    Path ticket = copy.resolve("construct").resolve("2L-eps0.01-seed1.safetensors");
    byte[] before = Files.readAllBytes(ticket);
    long params = JSON.readTree(cell.toFile()).get("ticketParams").asLong();
    Files.delete(cell);

    CliRun again = CliRun.of("reproduce", "mnist", "--quick", "--out", copy.toString(), "--device", "cpu",
        "--threads", "2");
    assertEquals(0, again.exitCode(), again.err());
    List<String> done = again.out().lines().filter(l -> l.matches("^\\S.*\\sdone\\s+[0-9.]+ s$")).toList();
    assertEquals(1, done.size(), again.out());
    assertTrue(done.get(0).startsWith("construct 2L ε=0.01 seed 1"), done.get(0));
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(ticket)), "the same seed gives the same ticket");
    assertEquals(params, JSON.readTree(cell.toFile()).get("ticketParams").asLong());
  }

  @Test
  void otherSettingsInTheSameDirectoryAreRefusedBeforeAnyWork() throws IOException {
    requireFirstRun();
    CliRun other = quick("--epochs", "2");
    assertEquals(2, other.exitCode(), other.err());
    assertEquals(1, other.errLines(), other.err());
    assertTrue(other.err().contains("other settings"), other.err());
    assertEquals(filesAfterFirstRun, modificationTimes(out));
  }

  @Test
  void badInputGivesOneLineAndExitCode2(@TempDir Path dir) throws IOException {
    String o = dir.resolve("out").toString();
    Map<List<String>, String> cases = Map.of(
        List.of("reproduce", "mnist", "--quick", "--out", o, "--eps", "0.1,1.5"), "1.5",
        List.of("reproduce", "mnist", "--quick", "--paper", "--out", o), "mutually exclusive",
        List.of("reproduce", "mnist", "--quick", "--out", o, "--mother-seeds", "1,1"), "--mother-seeds",
        List.of("reproduce", "mnist", "--quick", "--out", o, "--constructions", "3L"), "3L",
        List.of("reproduce", "mnist", "--quick", "--out", o, "--threads", "-1"), "--threads",
        List.of("reproduce", "mnist", "--quick", "--out", o, "--steps", "0"), "--steps",
        List.of("reproduce", "mnist", "--quick", "--out", o, "--data-dir", dir.resolve("nope").toString()), "nope",
        List.of("reproduce", "mnist", "--quick"), "--out",
        List.of("reproduce", "--out", o), "");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      CliRun r = CliRun.of(c.getKey().toArray(String[]::new));
      assertEquals(2, r.exitCode(), c.getKey() + ": " + r.err());
      assertEquals(1, r.errLines(), c.getKey() + ": " + r.err());
      assertTrue(r.err().startsWith("ltcheck reproduce"), r.err());
      assertTrue(r.err().contains(c.getValue()), c.getKey() + ": expected '" + c.getValue() + "' in " + r.err());
    }
    assertFalse(Files.exists(dir.resolve("out")), "bad input leaves nothing behind");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    CliRun r = CliRun.of("reproduce", "mnist", "--quick", "--out", file.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(1, r.errLines(), r.err());
  }

  @Test
  void resnetFailsAtOnceWhenThisBuildCannotConstructResNets(@TempDir Path dir) {
    boolean supported;
    try {
      TargetLayers.of(Experiment.RESNET.initialise(0).network());
      supported = true;
    } catch (IllegalArgumentException e) {
      supported = false;
    }
    assumeTrue(!supported, "this build constructs ResNet tickets");
    CliRun r = CliRun.of("reproduce", "resnet", "--quick", "--out", dir.resolve("out").toString(), "--device", "cpu");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().contains("ticket construction for resnet22 is not available"), r.err());
    assertFalse(Files.exists(dir.resolve("out").resolve("train")), "no training before the check");
  }

  private static Map<Path, FileTime> modificationTimes(Path dir) throws IOException {
    Map<Path, FileTime> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(p, Files.getLastModifiedTime(p));
      }
    }
    return out;
  }
}
