package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SubsetStatsCommandTest {
  @TempDir Path dir;

  /** Exit code and output of one run. */
  private record Run(int exitCode, String out, String err) {
    String firstErrorLine() {
      return err.lines().findFirst().orElse("");
    }
  }

  private static Run run(String... args) {
    CommandLine cl = LtcheckCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] full = new String[args.length + 1];
    full[0] = "subset-stats";
    System.arraycopy(args, 0, full, 1, args.length);
    int code = cl.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void badInputIsAUsageErrorWithAOneLineMessage() {
    List<List<String>> cases = List.of(
        List.of("--eps", "1.5", "ε = 1.5 is outside (0, 1)"),
        List.of("--eps", "0.1,0", "ε = 0.0 is outside (0, 1)"),
        List.of("--n-max", "40", "--n-max = 40 is outside 1..24"),
        List.of("--n-min", "0", "--n-min = 0 is outside 1..24"),
        List.of("--n-min", "10", "--n-max", "5", "--n-min = 10 is larger than --n-max = 5"),
        List.of("--trials", "0", "trials = 0 must be >= 1"),
        List.of("--delta", "2", "δ = 2.0 is outside (0, 1)"),
        List.of("--values", "sums,cubes", "unknown kind of values 'cubes'"),
        List.of("--max-subset-size", "12", "max subset size = 12 is outside 1..9"),
        List.of("--threads", "0", "--threads = 0 must be >= 1"),
        List.of("--trials", "many", "Invalid value for option '--trials'"));
    for (List<String> c : cases) {
      String[] args = c.subList(0, c.size() - 1).toArray(String[]::new);
      String expected = c.get(c.size() - 1);
      Run r = run(args);
      assertEquals(CommandLine.ExitCode.USAGE, r.exitCode(), c.toString());
      assertEquals(2, r.exitCode());
      assertTrue(r.firstErrorLine().contains(expected), c + ": " + r.firstErrorLine());
      assertEquals(1, r.err().lines().count(), c + ": " + r.err());
      assertEquals("", r.out(), "nothing on stdout for bad input");
    }
  }

  @Test
  void writesJsonMarkdownAndPlots() throws IOException {
    Path out = dir.resolve("stats");
    Run r = run("--trials", "4", "--n-min", "3", "--n-max", "8", "--eps", "0.1,0.05", "--reference-targets", "500",
        "--seed", "5", "--threads", "2", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode json = new ObjectMapper().readTree(out.resolve("subset-stats.json").toFile());
    assertEquals(5, json.get("seed").asLong());
    JsonNode result = json.get("result");
    assertEquals(2 * 2 * 6, result.get("cells").size());
    assertEquals(2 * 2, result.get("theory").size());
    assertEquals(2, result.get("reference").size());
    assertEquals(0, result.get("reference").get(0).get("disagreements").asLong());
    String markdown = Files.readString(out.resolve("subset-stats.md"));
    assertTrue(markdown.contains("## Sums of U[-1,1]"), markdown);
    assertTrue(markdown.contains("## Measured against the theory"), markdown);
    assertTrue(r.out().startsWith(markdown), "stdout shows the tables");
    for (String kind : List.of("sums", "products")) {
      assertNotNull(ImageIO.read(out.resolve("subset-stats-" + kind + ".png").toFile()), kind);
    }
  }

  @Test
  void quickPresetRunsWithinThirtySeconds() {
    long start = System.nanoTime();
    Run r = run("--quick", "--out", dir.resolve("quick").toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(seconds < 30, "--quick took " + seconds + " s");
    assertTrue(r.out().contains("|  20 |"), "quick preset measures n up to 20");
  }
}
