package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.data.DataUnavailableException;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Split;

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
    JsonNode tickets = QuickReports.assertComplete(out, first, "mnist");
    // At the paper's ε = 0.01 the quick target's tickets keep its accuracy within a few points.
    for (JsonNode t : tickets) {
      if (t.get("eps").asDouble() == 0.01) {
        assertTrue(t.get("ticketAccuracy").asDouble() > t.get("targetAccuracy").asDouble() - 0.05, t.toString());
      }
    }
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
  void aResumedRunRemovesTheTemporaryFilesOfAKilledOne() throws IOException {
    requireFirstRun();
    Path checkpoint = Files.writeString(out.resolve("train").resolve(".checkpoint.safetensors.31337.tmp"), "kill -9");
    Path report = Files.writeString(out.resolve(".report.json.42.tmp"), "kill -9");
    CliRun again = quick();
    assertEquals(0, again.exitCode(), again.err());
    assertFalse(Files.exists(checkpoint) || Files.exists(report), "stale temporary files are removed");
  }

  @Test
  void aCorruptDataDirectoryLeavesNoOutputDirectoryBehind(@TempDir Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("corrupt"));
    for (String f : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte")) {
      Files.writeString(data.resolve(f), "not MNIST");
    }
    Path o = dir.resolve("out");
    CliRun r = CliRun.of("reproduce", "mnist", "--quick", "--out", o.toString(), "--data-dir", data.toString(),
        "--device", "cpu", "--threads", "1");
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(1, r.errLines(), r.err());
    assertTrue(r.err().contains("corrupt"), r.err());
    assertFalse(Files.exists(o), "a run refused on its inputs leaves no --out directory");
  }

  @Test
  void aRegularFileAsDataDirectoryIsCalledAFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("data.txt"), "x");
    CliRun r = CliRun.of("reproduce", "mnist", "--quick", "--out", dir.resolve("out").toString(), "--data-dir",
        file.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("is not a directory"), r.err());
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
