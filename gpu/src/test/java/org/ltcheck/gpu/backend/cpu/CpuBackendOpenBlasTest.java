package org.ltcheck.gpu.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.ltcheck.gpu.backend.AbstractBackendTest;
import org.ltcheck.gpu.backend.Backend;

/** The backend contract with OpenBLAS doing the GEMMs (skipped where the native library cannot load). */
class CpuBackendOpenBlasTest extends AbstractBackendTest {
  @Override
  protected Backend createBackend() {
    assumeTrue(CpuBackend.openBlasAvailable(), "OpenBLAS native library not loadable here");
    CpuBackend b = CpuBackend.create(2, GemmKind.OPENBLAS);
    assertEquals("openblas", b.gemmName());
    return b;
  }

  @Test
  void rejectsTensorsOfAnotherBackend() {
    try (CpuBackend other = CpuBackend.create(1, GemmKind.JAVA)) {
      var foreign = other.allocate(3);
      assertThrows(IllegalArgumentException.class, () -> backend.fill(foreign, 1f));
    }
  }
}
