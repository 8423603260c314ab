package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Split;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.tensor.FloatTensor;

class ConstructCommandTest {
  @TempDir Path dir;

  private CliRun construct(String... extra) {
    String[] base = {"construct", "--out", dir.resolve("t.safetensors").toString(), "--images", "0",
        "--no-output-certificate"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  private void assertOneLineErrorAndNoOutput(CliRun r, String mentions) throws IOException {
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().startsWith("ltcheck construct: error: "), r.err());
    assertTrue(r.err().contains(mentions), () -> "expected '" + mentions + "' in: " + r.err());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.filter(p -> !p.getFileName().toString().startsWith("input")).count(), "no output may be left behind");
    }
  }

  @Test
  void theReportCarriesTheOutputCertificateWithTheFoundDifferenceBelowTheCertifiedBound() throws IOException {
    assumeTrue(mnistAvailable(), "MNIST cannot be fetched");
    CliRun r = CliRun.of("construct", "--out", dir.resolve("t.safetensors").toString(), "--construction", "2L",
        "--eps", "0.05", "--threads", "2", "--images", "40", "--certify-images", "4", "--radius", "0,1");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("output certificate   certified"), r.out());
    JsonNode c = new ObjectMapper().readTree(dir.resolve("t.report.json").toFile()).get("outputCertificate");
    double certified = c.get("global").get("certified").asDouble();
    double found = c.get("global").get("found").asDouble();
    assertTrue(found > 0 && found <= certified && Double.isFinite(certified), () -> certified + " vs found " + found);
    assertEquals(2, c.get("local").size());
    for (JsonNode l : c.get("local")) {
      assertEquals(4, l.get("images").asInt());
      assertTrue(l.get("medianBound").asDouble() <= l.get("maxBound").asDouble() && l.get("maxBound").asDouble() <= certified,
          l.toString());
      assertTrue(l.get("certifiedAgreement").asDouble() >= 0 && l.get("certifiedAgreement").asDouble() <= 1, l.toString());
    }
    assertTrue(c.get("secondsPerImage").asDouble() > 0);
  }

  @Test
  void radiiOutsideThePixelRangeAndNegativeCertifyImagesAreRejected() throws IOException {
    assertOneLineErrorAndNoOutput(construct("--radius", "-1"), "--radius");
    assertOneLineErrorAndNoOutput(construct("--radius", "300"), "--radius");
    assertOneLineErrorAndNoOutput(construct("--certify-images", "-1"), "--certify-images");
  }

  @Test
  void epsOutsideTheUnitIntervalIsRejected() throws IOException {
    assertOneLineErrorAndNoOutput(construct("--eps", "0"), "--eps");
    assertOneLineErrorAndNoOutput(construct("--eps", "1.5"), "--eps");
    assertOneLineErrorAndNoOutput(construct("--eps", "NaN"), "--eps");
  }

  @Test
  void agreementOutsideTheUnitIntervalAndNoCalibrationImagesAreRejected() throws IOException {
    assertOneLineErrorAndNoOutput(construct("--min-agreement", "0"), "--min-agreement");
    assertOneLineErrorAndNoOutput(construct("--min-agreement", "1.01"), "--min-agreement");
    assertOneLineErrorAndNoOutput(construct("--min-agreement", "NaN"), "--min-agreement");
    assertOneLineErrorAndNoOutput(construct("--min-agreement", "0.9", "--calibration-images", "0"), "--calibration-images");
  }

  @Test
  void minAgreementHalvesTheToleranceUntilTheTicketAgreesOnTrainingImages() throws IOException {
    assumeTrue(mnistAvailable(), "MNIST cannot be fetched");
    CliRun r = construct("--construction", "2L", "--eps", "0.2", "--min-agreement", "1", "--calibration-images", "300",
        "--threads", "2");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    JsonNode report = new ObjectMapper().readTree(dir.resolve("t.report.json").toFile());
    JsonNode c = report.get("calibration");
    assertEquals(0.2, c.get("requestedEps").asDouble());
    assertTrue(c.get("reached").asBoolean());
    assertTrue(c.get("data").asText().startsWith("300 of 60000 "), c.toString());
    JsonNode ladder = c.get("ladder");
    assertTrue(ladder.size() >= 2, "at eps 0.2 the bundled target's decisions change: " + c);
    for (int k = 0; k < ladder.size(); k++) {
      assertEquals(0.2 / (1 << k), ladder.get(k).get("eta").asDouble(), 1e-15);
      assertEquals(k == ladder.size() - 1, ladder.get(k).get("agreement").asDouble() >= 1.0, c.toString());
    }
    double eta = ladder.get(ladder.size() - 1).get("eta").asDouble();
    assertEquals(eta, report.get("eps").asDouble(), "the ticket is certified at the tolerance found");
    assertTrue(report.get("certificateValid").asBoolean() && report.get("maxError").asDouble() <= eta);
    assertEquals(ladder.get(ladder.size() - 1).get("ticketParams").asLong(), report.get("ticketParams").asLong());
    assertTrue(r.out().contains("calibration          eta = " + eta + " reaches"), r.out());
  }

  @Test
  void badOutputTolerancesAndObjectivesAreRejected() throws IOException {
    assertOneLineErrorAndNoOutput(construct("--output-eps", "0"), "--output-eps");
    assertOneLineErrorAndNoOutput(construct("--output-eps", "NaN"), "--output-eps");
    assertOneLineErrorAndNoOutput(construct("--output-eps", "1", "--min-agreement", "0.9"), "--min-agreement");
    assertOneLineErrorAndNoOutput(construct("--subset-objective", "smallest"), "--subset-objective");
  }

  /** E far below the certificate's float32 floor: two rungs, the smallest bound kept, one clear line, exit 0. */
  @Test
  void anOutputToleranceOutOfReachKeepsTheSmallestCertifiedBoundAndSaysWhy() throws IOException {
    assumeTrue(mnistAvailable(), "MNIST cannot be fetched");
    CliRun r = construct("--construction", "2L", "--eps", "0.05", "--output-eps", "0.01", "--threads", "2");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    JsonNode report = new ObjectMapper().readTree(dir.resolve("t.report.json").toFile());
    JsonNode o = report.get("outputTolerance");
    assertFalse(o.get("reached").asBoolean(), o.toString());
    JsonNode ladder = o.get("ladder");
    assertEquals(2, ladder.size(), o.toString());
    assertEquals(0.05, ladder.get(0).get("layerEtas").get(0).asDouble());
    double smallest = Math.min(ladder.get(0).get("certifiedBound").asDouble(), ladder.get(1).get("certifiedBound").asDouble());
    assertEquals(smallest, o.get("certifiedBound").asDouble());
    assertEquals(report.get("eps").asDouble(), o.get("layerEtas").get(0).asDouble(), "the ticket is certified at its eta");
    assertTrue(report.get("certificateValid").asBoolean());
    assertTrue(o.get("theory").get("rho").asInt() > 0, o.toString());
    assertTrue(r.out().contains("output-eps           NOT reached, E = 0.01"), r.out());
    assertTrue(o.get("reason").asText().contains("out of reach"), o.toString());
  }

  private static boolean mnistAvailable() {
    try {
      MnistFetcher.withDefaults().ensureCached(Split.TRAIN);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Test
  void unknownConstructionMissingFilesAndDirectoriesAreRejected() throws IOException {
    assertOneLineErrorAndNoOutput(construct("--construction", "3L"), "3L");
    assertOneLineErrorAndNoOutput(construct("--target", dir.resolve("input-missing.safetensors").toString()), "input-missing");
    assertOneLineErrorAndNoOutput(construct("--data-dir", dir.resolve("input-nodir").toString()), "input-nodir");
    assertOneLineErrorAndNoOutput(construct("--arch", "vgg"), "--arch");
    assertOneLineErrorAndNoOutput(construct("--activation", "gelu"), "gelu");
    assertOneLineErrorAndNoOutput(construct("--dataset", "imagenet"), "--dataset");
  }

  @Test
  void truncatedAndNonFiniteTargetsAreRejected() throws IOException {
    byte[] bundled = MnistCnnTarget.bundledBytes();
    Path truncated = dir.resolve("input-truncated.safetensors");
    Files.write(truncated, java.util.Arrays.copyOf(bundled, 100));
    assertOneLineErrorAndNoOutput(construct("--target", truncated.toString()), "input-truncated");

    Path oversized = dir.resolve("input-oversized.safetensors");
    byte[] header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
    Files.write(oversized, header);
    assertOneLineErrorAndNoOutput(construct("--target", oversized.toString()), "header length");

    Path nan = targetWithOneWeight("input-nan.safetensors", Float.NaN);
    assertOneLineErrorAndNoOutput(construct("--target", nan.toString()), "conv1.weight");
  }

  /** The MNIST CNN's layout, all zeros but weight 5 of conv1. */
  private Path targetWithOneWeight(String name, float value) throws IOException {
    Path file = dir.resolve(name);
    float[] w = new float[32 * 9];
    w[5] = value;
    new SafetensorsWriter()
        .putFloat("conv1.weight", FloatTensor.wrap(w, 32, 1, 3, 3))
        .putFloat("conv1.bias", FloatTensor.zeros(32))
        .putFloat("conv2.weight", FloatTensor.zeros(32, 32, 3, 3))
        .putFloat("conv2.bias", FloatTensor.zeros(32))
        .putFloat("fc.weight", FloatTensor.zeros(10, 25088))
        .putFloat("fc.bias", FloatTensor.zeros(10))
        .write(file);
    return file;
  }

  @Test
  void weightsTooLargeAndTolerancesTooSmallForTheSubsetSumsAreRefusedBeforeAnyWork() throws IOException {
    for (float huge : new float[] {1e30f, 3e38f}) {
      Path target = targetWithOneWeight("input-huge.safetensors", huge);
      CliRun r = construct("--target", target.toString(), "--eps", "0.1");
      assertOneLineErrorAndNoOutput(r, "target layer 0");
      assertTrue(r.err().contains("weight [out 0, in 0, tap 5] = " + String.format(java.util.Locale.ROOT, "%.4g", huge)),
          r.err());
    }
    CliRun r = construct("--eps", "1e-300");
    assertOneLineErrorAndNoOutput(r, "eps " + 1e-300 + " is below the smallest tolerance");
    assertFalse(r.out().contains("construct"), "refused before the construction started");
  }

  private static CliRun constructTo(Path out, String... extra) {
    String[] base = {"construct", "--out", out.toString(), "--images", "0", "--construction", "2L", "--eps", "0.05",
        "--threads", "2", "--no-output-certificate"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void outputsThatCannotBeWrittenAreRefusedBeforeAnyWorkNamingTheOutput() throws IOException {
    Path file = Files.writeString(dir.resolve("input-afile"), "x");
    CliRun r = constructTo(file.resolve("t.safetensors"));
    assertOneLineErrorAndNoOutput(r, "input-afile is a file, not a directory");
    assertFalse(r.err().contains("Exception"), r.err());

    r = constructTo(dir.resolve("rp/t.safetensors"), "--report", "/proc/r.json");
    assertOneLineErrorAndNoOutput(r, "cannot write /proc/r.json");
    assertFalse(r.err().contains(".tmp"), "the output is named, not its temporary file: " + r.err());
  }

  @Test
  void collidingOutputsAndAnOutputOverTheTargetAreRefused() throws IOException {
    Path ticket = dir.resolve("t.safetensors");
    assertOneLineErrorAndNoOutput(constructTo(ticket, "--report", ticket.toString()), "same file");
    assertOneLineErrorAndNoOutput(constructTo(ticket, "--report", dir.resolve("t.json").toString()), "same file");
    assertOneLineErrorAndNoOutput(constructTo(ticket, "--report", dir.resolve("./x/../t.safetensors").toString()),
        "same file");
    Path target = dir.resolve("input-target.safetensors");
    Files.write(target, MnistCnnTarget.bundledBytes());
    assertOneLineErrorAndNoOutput(constructTo(target, "--target", target.toString()), "the input " + target);
    assertArrayEquals(MnistCnnTarget.bundledBytes(), Files.readAllBytes(target), "the target is untouched");
  }

  @Test
  void aRefusedRerunKeepsTheOldTicketManifestAndReportAndStaleTemporaryFilesAreRemoved() throws IOException {
    Path ticket = dir.resolve("t.safetensors");
    Path stale = Files.writeString(dir.resolve(".t.safetensors.4711.tmp"), "left by kill -9");
    Path staleReport = Files.writeString(dir.resolve(".t.report.json.42.tmp"), "left by kill -9");
    CliRun first = constructTo(ticket, "--seed", "3");
    assertEquals(0, first.exitCode(), first.err());
    assertFalse(Files.exists(stale) || Files.exists(staleReport), "stale temporary files are removed");
    byte[] oldTicket = Files.readAllBytes(ticket);
    byte[] oldManifest = Files.readAllBytes(dir.resolve("t.json"));

    CliRun second = constructTo(ticket, "--seed", "4", "--report", "/proc/r.json");
    assertEquals(2, second.exitCode(), second.err());
    assertArrayEquals(oldTicket, Files.readAllBytes(ticket), "ticket kept");
    assertArrayEquals(oldManifest, Files.readAllBytes(dir.resolve("t.json")), "manifest kept");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("t.json", "t.report.json", "t.safetensors"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void deadChannelsAreRemovedByDefaultAndKeptOnRequest() throws IOException {
    Path removed = dir.resolve("removed.safetensors");
    Path kept = dir.resolve("kept.safetensors");
    CliRun r = constructTo(removed);
    CliRun k = constructTo(kept, "--keep-dead-neurons");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(0, k.exitCode(), k.err());
    assertTrue(r.out().contains("dead channels        19 removed, proved 0 over the input domain (per layer 18 of 32"
        + " / 1 of 32 / 0 of 10): target 25,914 nonzero without them"), r.out());
    assertFalse(k.out().contains("dead channels"), k.out());
    assertEquals(19, TicketFiles.read(removed).deadNeurons().count());
    assertTrue(TicketFiles.read(kept).deadNeurons().isEmpty());
    JsonNode manifest = new ObjectMapper().readTree(dir.resolve("removed.json").toFile());
    assertEquals("ltcheck-ticket-3", manifest.get("format").asText());
    assertEquals("ltcheck-ticket-2", new ObjectMapper().readTree(dir.resolve("kept.json").toFile()).get("format").asText());
    assertTrue(TicketFiles.read(removed).parameterCount() < TicketFiles.read(kept).parameterCount());
    JsonNode report = new ObjectMapper().readTree(dir.resolve("removed.report.json").toFile());
    assertTrue(report.get("certificateValid").asBoolean());
    assertEquals(25_914, report.get("deadNeurons").get("targetParamsAfterRemoval").asLong());
  }

  @Test
  void bundledTargetGivesACertifiedTicketAndAReport() throws IOException {
    CliRun r = construct("--construction", "2L", "--eps", "0.05", "--seed", "3", "--threads", "2");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("VALID"), r.out());
    Path ticket = dir.resolve("t.safetensors");
    JsonNode report = new ObjectMapper().readTree(dir.resolve("t.report.json").toFile());
    assertEquals("2L", report.get("construction").asText());
    assertEquals(0.05, report.get("eps").asDouble());
    assertEquals(3, report.get("seed").asLong());
    assertTrue(report.get("certificateValid").asBoolean());
    assertTrue(report.get("maxWeightError").asDouble() <= 0.05);
    assertEquals(TicketFiles.read(ticket).parameterCount(), report.get("ticketParams").asLong());
    assertTrue(report.get("motherParams").asLong() > report.get("ticketParams").asLong());
    assertTrue(report.get("constructionSeconds").asDouble() > 0);
    assertEquals(6, report.get("layers").size(), "2L has depth 2L = 6");
    for (JsonNode layer : report.get("layers")) {
      assertTrue(layer.get("motherWidth").asInt() > 0);
      assertTrue(layer.has("theoryWidth"));
    }
  }
}
