package org.ltcheck.gpu.backend.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.ltcheck.gpu.backend.AbstractBackendTest;
import org.ltcheck.gpu.backend.Backend;

/**
 * The backend contract with convolution layers on {@link Backend}'s generic path (im2col of
 * the whole batch and one GEMM, what the CUDA backend runs) and OpenBLAS threading its own calls, so that path is checked on every
 * machine, not only where a GPU is present.
 */
class CpuBackendBatchedConvTest extends AbstractBackendTest {
  @Override
  protected Backend createBackend() {
    assumeTrue(CpuBackend.openBlasAvailable(), "OpenBLAS native library not loadable here");
    return CpuBackend.create(2, GemmKind.OPENBLAS, CpuStrategy.BATCHED);
  }
}
