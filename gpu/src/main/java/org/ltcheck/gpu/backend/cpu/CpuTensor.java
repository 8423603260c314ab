package org.ltcheck.gpu.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.tensor.FloatTensor;

/**
 * A CPU "device" buffer in direct (off-heap) memory, so OpenBLAS receives its address without a
 * JNI array copy. {@link #close()} drops the reference; the memory returns when the garbage
 * collector frees the buffer (the JDK offers no portable explicit free).
 */
final class CpuTensor implements DeviceTensor {
  private final CpuBackend owner;
  private final int[] shape;
  private final int size;
  private volatile FloatBuffer data;

  CpuTensor(CpuBackend owner, int[] shape) {
    this.owner = owner;
    this.shape = shape.clone();
    long n = FloatTensor.numelOf(shape);
    if (n > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    this.size = (int) n;
    this.data = ByteBuffer.allocateDirect(4 * size).order(ByteOrder.nativeOrder()).asFloatBuffer();
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

  CpuBackend owner() {
    return owner;
  }

  /** The storage; fails after {@link #close()}. */
  FloatBuffer data() {
    FloatBuffer d = data;
    if (d == null) {
      throw new IllegalStateException("tensor " + Arrays.toString(shape) + " used after close()");
    }
    return d;
  }

  @Override
  public void close() {
    data = null;
  }

  @Override
  public String toString() {
    return "CpuTensor" + Arrays.toString(shape);
  }
}
