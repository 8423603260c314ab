package org.ltcheck.gpu.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build check of the committed PTX: it must come from the committed CUDA source (always
 * checked, via the hash recorded by build-ptx.sh), recompiling the source with the recorded
 * nvcc and flags must reproduce it byte for byte, and ptxas must assemble it for sm_80 (A100)
 * and sm_90 (H100). The last two need the CUDA toolkit and are skipped, with the reason, where
 * nvcc or ptxas is not on the PATH.
 */
class PtxResourceTest {
  private static final Path DIR = Path.of("src/main/cuda");
  private static final Path SOURCE = DIR.resolve("ltcheck_kernels.cu");
  private static final Path PTX = Path.of("src/main/resources/org/ltcheck/gpu/cuda/ltcheck_kernels.ptx");
  private static final Path BUILD_INFO = Path.of(PTX + ".build");

  private static Map<String, String> buildInfo() throws IOException {
    Map<String, String> m = new TreeMap<>();
    for (String line : Files.readAllLines(BUILD_INFO)) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        m.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return m;
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void committedPtxIsTheBuildOfTheCommittedSource() throws Exception {
    Map<String, String> info = buildInfo();
    assertEquals(sha256(Files.readAllBytes(SOURCE)), info.get("source-sha256"),
        "ltcheck_kernels.cu changed since the PTX was built: run gpu/src/main/cuda/build-ptx.sh");
    assertEquals(sha256(Files.readAllBytes(PTX)), info.get("ptx-sha256"), "PTX edited by hand?");
    String ptx = Files.readString(PTX, StandardCharsets.US_ASCII);
    assertEquals(ptx, PtxResource.text(), "the classpath resource is the committed file");
    assertTrue(ptx.contains(".target sm_80"), "compute_80 PTX, which H100 drivers JIT");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String run(Path workDir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertTrue(done && p.exitValue() == 0, String.join(" ", command) + " failed:\n" + out);
    return out;
  }

  @Test
  void nvccReproducesTheCommittedPtx(@TempDir Path tmp) throws Exception {
    assumeTrue(onPath("nvcc"), "nvcc not on PATH: PTX reproduction check skipped (the committed PTX is used as is)");
    Map<String, String> info = buildInfo();
    String version = run(tmp, List.of("nvcc", "--version"));
    assumeTrue(version.contains(info.get("nvcc")),
        "nvcc here is not the recorded '" + info.get("nvcc") + "': byte comparison skipped");
    Files.copy(SOURCE, tmp.resolve("ltcheck_kernels.cu"));
    List<String> cmd = new ArrayList<>(List.of("nvcc"));
    cmd.addAll(List.of(info.get("flags").split(" ")));
    cmd.addAll(List.of("ltcheck_kernels.cu", "-o", "ltcheck_kernels.ptx"));
    run(tmp, cmd);
    assertArrayEquals(Files.readAllBytes(PTX), Files.readAllBytes(tmp.resolve("ltcheck_kernels.ptx")),
        "recompiled PTX differs from the committed one: run gpu/src/main/cuda/build-ptx.sh");
  }

  /** "kernel: N registers, S bytes smem" lines from ptxas -v output. */
  private static String usage(String ptxasOutput) {
    StringBuilder sb = new StringBuilder();
    String kernel = null;
    for (String line : ptxasOutput.split("\\R")) {
      java.util.regex.Matcher k = java.util.regex.Pattern.compile("entry function '(\\w+)'").matcher(line);
      if (k.find()) {
        kernel = k.group(1);
      }
      java.util.regex.Matcher u = java.util.regex.Pattern.compile("Used (\\d+) registers").matcher(line);
      if (kernel != null && u.find()) {
        java.util.regex.Matcher sm = java.util.regex.Pattern.compile("(\\d+) bytes smem").matcher(line);
        sb.append(String.format("  %-32s %3s registers, %5s bytes smem%n", kernel, u.group(1),
            sm.find() ? sm.group(1) : "0"));
        kernel = null;
      }
    }
    return sb.toString();
  }

  @Test
  void ptxasAssemblesThePtxForA100AndH100(@TempDir Path tmp) throws Exception {
    assumeTrue(onPath("ptxas"), "ptxas not on PATH: assembly check skipped");
    for (String arch : List.of("sm_80", "sm_90")) {
      String out = run(tmp, List.of("ptxas", "-arch=" + arch, "-O3", "-v", PTX.toAbsolutePath().toString(),
          "-o", tmp.resolve(arch + ".cubin").toString()));
      assertTrue(Files.size(tmp.resolve(arch + ".cubin")) > 0);
      for (Kernel k : Kernel.values()) {
        assertTrue(out.contains("'" + k.symbol() + "'"), "ptxas did not compile " + k.symbol() + " for " + arch);
      }
      assertTrue(!out.contains("bytes spill stores") || out.matches("(?s).*\\b0 bytes spill stores.*"),
          "register spills for " + arch + ":\n" + out);
      if (arch.equals("sm_90")) {
        System.out.println("ptxas sm_90 resource usage:\n" + usage(out));
      }
    }
  }
}
