package org.ltcheck.gpu.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.ltcheck.gpu.backend.BackendUnavailableException;
import org.ltcheck.gpu.backend.cuda.KernelSignatures.Param;
import org.ltcheck.theory.ActivationKind;

/** The parts of the CUDA backend that can be checked on a machine without a GPU. */
class CudaBackendWithoutGpuTest {
  /** The CUDA source, seen from the gpu module (Surefire) or from the repository root (GPU kit). */
  private static final Path SOURCE = Files.exists(Path.of("src/main/cuda/ltcheck_kernels.cu"))
      ? Path.of("src/main/cuda/ltcheck_kernels.cu")
      : Path.of("gpu/src/main/cuda/ltcheck_kernels.cu");

  @Test
  void probeExplainsWhyCudaIsUnavailableAndCreateSaysNoCudaDevice() {
    CudaProbe p = CudaBackend.probe();
    assumeFalse(p.available(), "a CUDA device is present: " + p.reason());
    assertFalse(p.reason().isBlank());
    assertFalse(p.reason().contains("\n"), "one line: " + p.reason());
    assertEquals(0, p.deviceCount());
    BackendUnavailableException e = assertThrows(BackendUnavailableException.class, CudaBackend::create);
    assertTrue(e.getMessage().startsWith("no CUDA device: "), e.getMessage());
    assertTrue(e.getMessage().contains(p.reason()), e.getMessage());
    assertTrue(CudaBackend.probe() == p, "the probe runs once per JVM");
  }

  @Test
  void loadFailureKeepsTheLineNamingTheMissingLibrary() {
    UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver\"\n"
        + "Stack trace ...\njava.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared "
        + "object file: No such file or directory\n\tat x.y(Z.java:1)");
    assertEquals("UnsatisfiedLinkError: /tmp/libJCudaDriver.so: libcuda.so.1: cannot open shared object file: "
        + "No such file or directory", CudaProbe.loadFailure(e));
    assertEquals("UnsatisfiedLinkError: plain", CudaProbe.loadFailure(new UnsatisfiedLinkError("plain")));
  }

  @Test
  void committedPtxDefinesEveryKernelTheBackendLaunches() {
    Map<Kernel, List<Param>> sig = AbstractCudaBackend.signaturesOf(PtxResource.text());
    assertEquals(Kernel.values().length, sig.size());
    // spot checks of the parsed parameter lists against the CUDA source
    assertEquals(List.of(Param.POINTER, Param.INT, Param.FLOAT), sig.get(Kernel.FILL));
    assertEquals(List.of(Param.INT, Param.INT, Param.INT, Param.INT, Param.INT, Param.INT, Param.FLOAT,
        Param.POINTER, Param.INT, Param.POINTER, Param.INT, Param.FLOAT, Param.POINTER, Param.INT, Param.POINTER),
        sig.get(Kernel.SGEMM_64X64));
  }

  @Test
  void everyExternCKernelOfTheSourceIsInTheEnumAndViceVersa() throws IOException {
    Matcher m = Pattern.compile("extern \"C\" __global__ void (?:__launch_bounds__\\(\\w+\\) )?(\\w+)\\(")
        .matcher(Files.readString(SOURCE));
    java.util.Set<String> inSource = new java.util.TreeSet<>();
    while (m.find()) {
      inSource.add(m.group(1));
    }
    // the three GEMM tile variants are declared through a macro
    Matcher v = Pattern.compile("SGEMM_VARIANT\\((\\w+),").matcher(Files.readString(SOURCE));
    while (v.find()) {
      inSource.add(v.group(1));
    }
    inSource.remove("NAME");
    java.util.Set<String> inEnum = new java.util.TreeSet<>();
    for (Kernel k : Kernel.values()) {
      inEnum.add(k.symbol());
    }
    assertEquals(inSource, inEnum);
  }

  @Test
  void launchArgumentsAreCheckedAgainstThePtxSignature() {
    List<Param> params = List.of(Param.POINTER, Param.INT, Param.FLOAT);
    KernelSignatures.check(Kernel.FILL, params, new Object[] {new CUdeviceptr(), 3, 1f});
    KernelSignatures.check(Kernel.FILL, params, new Object[] {null, 3, 1f});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> KernelSignatures.check(Kernel.FILL, params, new Object[] {new CUdeviceptr(), 3L, 1f}));
    assertTrue(e.getMessage().contains("fill_f32"), e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> KernelSignatures.check(Kernel.FILL, params, new Object[] {new CUdeviceptr(), 3}));
  }

  @Test
  void activationCodesFollowTheKernelSwitch() throws IOException {
    String src = Files.readString(SOURCE);
    assertTrue(src.contains("0 ReLU, 1 LeakyReLU, 2 tanh,"), "the code table comment moved");
    assertEquals(0, CudaBackend.activationCode(ActivationKind.RELU));
    assertEquals(1, CudaBackend.activationCode(ActivationKind.LEAKY_RELU));
    assertEquals(2, CudaBackend.activationCode(ActivationKind.TANH));
    assertEquals(3, CudaBackend.activationCode(ActivationKind.SIGMOID));
    assertEquals(4, CudaBackend.activationCode(ActivationKind.IDENTITY));
  }

  @Test
  void gemmPlansPickTileShapesAndSplitLongKOnlyWhenTilesAreFew() {
    int h100 = 132;
    GemmPlan convForward = GemmPlan.choose(32, 128 * 784, 288, h100);
    assertEquals(Kernel.SGEMM_32X128, convForward.kernel());
    assertEquals(1, convForward.splits(), "784 tiles already fill the GPU");
    GemmPlan weightGrad = GemmPlan.choose(32, 288, 128 * 784, h100);
    assertTrue(weightGrad.splits() > 1 && weightGrad.splits() * 3 >= h100, weightGrad.toString());
    GemmPlan classifier = GemmPlan.choose(128, 10, 25088, h100);
    assertEquals(Kernel.SGEMM_128X32, classifier.kernel());
    assertTrue(classifier.splits() > 1, classifier.toString());
    assertEquals(Kernel.SGEMM_64X64, GemmPlan.choose(500, 500, 500, h100).kernel());
    for (int[] s : new int[][] {{32, 288, 100352}, {128, 10, 25088}, {7, 9, 513}, {1, 1, 1}, {64, 64, 100000}}) {
      GemmPlan p = GemmPlan.choose(s[0], s[1], s[2], h100);
      assertEquals(0, p.kChunk() % GemmPlan.TILE_K, p.toString());
      assertTrue((long) p.splits() * p.kChunk() >= s[2], "slices cover k: " + p);
      assertTrue((long) (p.splits() - 1) * p.kChunk() < s[2], "no empty slice: " + p);
      assertTrue(p.splits() == 1 || p.kChunk() >= GemmPlan.MIN_SLICE_K - GemmPlan.TILE_K, p.toString());
    }
  }
}
