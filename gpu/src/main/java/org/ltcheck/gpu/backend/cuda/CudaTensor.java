package org.ltcheck.gpu.backend.cuda;

import jcuda.driver.CUdeviceptr;
import org.ltcheck.gpu.backend.AbstractDeviceTensor;

/**
 * A float32 buffer in GPU memory. {@link #close()} frees it at once (device memory is scarce
 * and the garbage collector does not see it); the owning backend frees whatever is still open
 * when it closes.
 */
final class CudaTensor extends AbstractDeviceTensor<CUdeviceptr> {
  CudaTensor(AbstractCudaBackend owner, int[] shape, CUdeviceptr pointer) {
    super(owner, shape, pointer);
  }

  /** The device address; fails after {@link #close()}. */
  CUdeviceptr pointer() {
    return storage();
  }

  /** Forgets the address and returns it (null if already closed); the caller frees it. */
  CUdeviceptr detach() {
    return detachStorage();
  }

  @Override
  public void close() {
    ((AbstractCudaBackend) backend()).release(this);
  }
}
