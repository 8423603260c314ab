package org.ltcheck.gpu.backend.cpu;

import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.ConvScratch;

/**
 * The CPU convolution keeps its scratch per worker thread ({@link ConvLayerKernels}); this only
 * records the geometry and the backend that made it.
 */
final class CpuConvScratch implements ConvScratch {
  private final CpuBackend owner;
  private final ConvGeometry geometry;
  private final int outChannels;

  CpuConvScratch(CpuBackend owner, ConvGeometry geometry, int outChannels) {
    this.owner = owner;
    this.geometry = geometry;
    this.outChannels = outChannels;
  }

  @Override
  public ConvGeometry geometry() {
    return geometry;
  }

  @Override
  public int outChannels() {
    return outChannels;
  }

  CpuBackend owner() {
    return owner;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "CpuConvScratch[" + geometry + ", out " + outChannels + "]";
  }
}
