package org.ltcheck.gpu.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.ltcheck.gpu.backend.AbstractDeviceTensor;

/**
 * A CPU "device" buffer in direct (off-heap) memory, so OpenBLAS receives its address without a
 * JNI array copy. {@link #close()} drops the reference; the memory returns when the garbage
 * collector frees the buffer (the JDK offers no portable explicit free).
 */
final class CpuTensor extends AbstractDeviceTensor<FloatBuffer> {
  CpuTensor(CpuBackend owner, int[] shape) {
    super(owner, shape, ByteBuffer.allocateDirect(4 * checkedSize(shape)).order(ByteOrder.nativeOrder()).asFloatBuffer());
  }

  /** The storage; fails after {@link #close()}. */
  FloatBuffer data() {
    return storage();
  }

  @Override
  public void close() {
    detachStorage();
  }
}
