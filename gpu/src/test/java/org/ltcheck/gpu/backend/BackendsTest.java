package org.ltcheck.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cuda.CudaBackend;

/** Device choice: cpu, cuda, and auto's fall-back with its one-line notice. */
class BackendsTest {
  @Test
  void cpuIsTheCpuBackendWithoutNotice() {
    List<String> notices = new ArrayList<>();
    try (Backend b = Backends.create(Device.CPU, 1, notices::add)) {
      assertInstanceOf(CpuBackend.class, b);
    }
    assertEquals(List.of(), notices);
  }

  @Test
  void withoutGpuCudaFailsNamingTheReasonAndAutoFallsBackWithOneLine() {
    assumeFalse(CudaBackend.isAvailable(), "a CUDA device is present");
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> Backends.create(Device.CUDA, 1));
    assertTrue(e.getMessage().startsWith("no CUDA device: "), e.getMessage());
    List<String> notices = new ArrayList<>();
    try (Backend b = Backends.create(Device.AUTO, 1, notices::add)) {
      assertInstanceOf(CpuBackend.class, b);
    }
    assertEquals(1, notices.size(), notices.toString());
    String line = notices.get(0);
    assertTrue(line.startsWith("device auto: no CUDA device: ") && line.endsWith("falling back to the CPU backend")
        && !line.contains("\n"), line);
  }

  @Test
  void withGpuCudaAndAutoAreTheCudaBackend() {
    assumeTrue(CudaBackend.isAvailable(), () -> "no CUDA device: " + CudaBackend.probe().reason());
    List<String> notices = new ArrayList<>();
    try (Backend b = Backends.create(Device.CUDA, 1, notices::add)) {
      assertInstanceOf(CudaBackend.class, b);
    }
    try (Backend b = Backends.create(Device.AUTO, 1, notices::add)) {
      assertInstanceOf(CudaBackend.class, b);
    }
    assertEquals(List.of(), notices);
  }
}
