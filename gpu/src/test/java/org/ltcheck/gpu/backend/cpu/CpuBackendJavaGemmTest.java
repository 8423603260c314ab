package org.ltcheck.gpu.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ltcheck.gpu.backend.AbstractBackendTest;
import org.ltcheck.gpu.backend.Backend;

/** The backend contract with the pure-Java GEMM (the fallback when OpenBLAS cannot load). */
class CpuBackendJavaGemmTest extends AbstractBackendTest {
  @Override
  protected Backend createBackend() {
    CpuBackend b = CpuBackend.create(2, GemmKind.JAVA);
    assertEquals("java", b.gemmName());
    return b;
  }
}
