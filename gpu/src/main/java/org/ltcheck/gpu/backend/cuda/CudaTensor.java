package org.ltcheck.gpu.backend.cuda;

import java.util.Arrays;
import jcuda.driver.CUdeviceptr;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.tensor.FloatTensor;

/**
 * A float32 buffer in GPU memory. {@link #close()} frees it at once (device memory is scarce
 * and the garbage collector does not see it); the owning backend frees whatever is still open
 * when it closes.
 */
final class CudaTensor implements DeviceTensor {
  private final CudaBackend owner;
  private final int[] shape;
  private final int size;
  private volatile CUdeviceptr pointer;

  CudaTensor(CudaBackend owner, int[] shape, int size, CUdeviceptr pointer) {
    this.owner = owner;
    this.shape = shape.clone();
    this.size = size;
    this.pointer = pointer;
  }

  /** Element count of a shape, rejecting ones that do not fit an int-indexed buffer. */
  static int checkedSize(int[] shape) {
    long n = FloatTensor.numelOf(shape);
    if (n > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) n;
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Backend backend() {
    return owner;
  }

  CudaBackend owner() {
    return owner;
  }

  /** The device address; fails after {@link #close()}. */
  CUdeviceptr pointer() {
    CUdeviceptr p = pointer;
    if (p == null) {
      throw new IllegalStateException("tensor " + Arrays.toString(shape) + " used after close()");
    }
    return p;
  }

  /** Forgets the address and returns it (null if already closed); the caller frees it. */
  synchronized CUdeviceptr detach() {
    CUdeviceptr p = pointer;
    pointer = null;
    return p;
  }

  @Override
  public void close() {
    owner.release(this);
  }

  @Override
  public String toString() {
    return "CudaTensor" + Arrays.toString(shape);
  }
}
