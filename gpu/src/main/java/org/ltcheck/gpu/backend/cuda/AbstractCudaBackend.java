package org.ltcheck.gpu.backend.cuda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import jcuda.driver.CUdeviceptr;
import org.ltcheck.gpu.backend.AbstractDeviceTensor;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;

/**
 * The device side of {@link CudaBackend}: its context's memory (open tensors, scratch buffers
 * reused across calls, the checks that a tensor belongs to the backend and is large enough, host
 * copies, the end of the context) and checked kernel launches. {@link CudaBackend} adds the
 * operations.
 */
abstract class AbstractCudaBackend implements Backend {
  private static final int BLOCK = 256;
  /** Element-wise grids stop growing at this many blocks per SM (then threads loop). */
  private static final int BLOCKS_PER_SM = 16;

  final DeviceApi device;
  private final Map<Kernel, List<KernelSignatures.Param>> signatures;
  final int smCount;
  private final Set<CudaTensor> live = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Scratch, CudaTensor> scratch = new EnumMap<>(Scratch.class);
  private boolean closed;

  /** Device buffers reused across calls; each grows to the largest size asked for. */
  enum Scratch {
    GEMM_PARTIAL, NORM_MEANS, LOSS_ROWS, LOSS_CORRECT, LOSS_BAD_ROW
  }

  AbstractCudaBackend(DeviceApi device, String ptx) {
    this.signatures = signaturesOf(ptx);
    this.device = device;
    this.smCount = device.smCount();
  }

  /** The parameter list of every {@link Kernel}; throws if the PTX lacks one. */
  static Map<Kernel, List<KernelSignatures.Param>> signaturesOf(String ptx) {
    Map<String, List<KernelSignatures.Param>> all = KernelSignatures.parse(ptx);
    Map<Kernel, List<KernelSignatures.Param>> out = new EnumMap<>(Kernel.class);
    for (Kernel k : Kernel.values()) {
      List<KernelSignatures.Param> params = all.get(k.symbol());
      if (params == null) {
        throw new IllegalStateException("PTX resource " + PtxResource.PATH + " has no kernel " + k.symbol()
            + "; rebuild it with gpu/src/main/cuda/build-ptx.sh");
      }
      out.put(k, params);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Bytes of device memory this backend holds in open tensors and scratch buffers. */
  public synchronized long allocatedBytes() {
    long b = 0;
    for (CudaTensor t : live) {
      b += bytesOf(t.size());
    }
    return b;
  }

  // ---------------------------------------------------------------- context, memory

  /** Fails once closed (the device's context is gone). */
  final void checkOpen() {
    if (closed) {
      throw new IllegalStateException("backend " + name() + " is closed");
    }
  }

  private static long bytesOf(int elements) {
    return 4L * Math.max(1, elements); // cuMemAlloc rejects 0 bytes
  }

  private synchronized CudaTensor allocateRaw(int[] shape, int size) {
    checkOpen();
    CudaTensor t = new CudaTensor(this, shape, device.allocate(bytesOf(size)));
    live.add(t);
    return t;
  }

  /** Frees a tensor's memory (called by {@link CudaTensor#close()}); idempotent. */
  synchronized void release(CudaTensor t) {
    CUdeviceptr p = t.detach();
    if (p != null && live.remove(t) && !closed) {
      device.free(p);
    }
  }

  @Override
  public DeviceTensor allocate(int... shape) {
    int size = AbstractDeviceTensor.checkedSize(shape);
    CudaTensor t = allocateRaw(shape, size);
    device.memsetD32(t.pointer(), 0, Math.max(1, size));
    return t;
  }

  /** A scratch buffer of at least {@code floats} 4-byte words, reallocated only to grow. */
  final CudaTensor scratch(Scratch slot, long floats) {
    if (floats > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("scratch buffer of " + floats + " words is too large");
    }
    CudaTensor t = scratch.get(slot);
    if (t == null || t.size() < floats) {
      if (t != null) {
        t.close();
      }
      t = allocateRaw(new int[] {(int) floats}, (int) floats);
      scratch.put(slot, t);
    }
    return t;
  }

  final CUdeviceptr dev(DeviceTensor t, long needed, String what) {
    return ((CudaTensor) AbstractDeviceTensor.checked(t, this, needed, what)).pointer();
  }

  final CUdeviceptr same(DeviceTensor t, DeviceTensor ref, String what) {
    AbstractDeviceTensor.checkSameSize(t, ref, what);
    return dev(t, ref.size(), what);
  }

  @Override
  public void copyFromHost(float[] src, int srcOffset, DeviceTensor dst, int dstOffset, int length) {
    Objects.checkFromIndexSize(srcOffset, length, src.length);
    CUdeviceptr d = dev(dst, (long) dstOffset + length, "copy destination");
    if (length == 0) {
      return;
    }
    device.copyHtoD(d.withByteOffset(4L * dstOffset), src, srcOffset, length);
  }

  @Override
  public void copyToHost(DeviceTensor src, int srcOffset, float[] dst, int dstOffset, int length) {
    Objects.checkFromIndexSize(dstOffset, length, dst.length);
    CUdeviceptr s = dev(src, (long) srcOffset + length, "copy source");
    if (length == 0) {
      return;
    }
    device.copyDtoH(dst, dstOffset, s.withByteOffset(4L * srcOffset), length);
  }

  // ---------------------------------------------------------------- launching

  /**
   * Launches {@code kernel} with the given grid and 1-D blocks. Arguments are device pointers
   * ({@link CUdeviceptr}, or null for a null pointer), Integer or Float, in the order of the
   * kernel's parameters; they and the grid are checked first, so a mismatch fails here with the
   * kernel's name instead of corrupting the launch.
   */
  final void launch(Kernel kernel, int gridX, int gridY, int gridZ, int block, Object... args) {
    checkOpen();
    KernelSignatures.check(kernel, signatures.get(kernel), args);
    if (gridX < 1 || gridY < 1 || gridY > GemmPlan.MAX_GRID_YZ || gridZ < 1 || gridZ > GemmPlan.MAX_GRID_YZ
        || block < 32 || block > 1024) {
      throw new IllegalStateException(
          "launch of " + kernel.symbol() + " with grid " + gridX + "x" + gridY + "x" + gridZ + " and block " + block
              + " is outside CUDA's limits");
    }
    device.launch(kernel, gridX, gridY, gridZ, block, args);
  }

  /** A grid-stride launch over {@code n} elements. */
  final void launchElementwise(Kernel kernel, long n, Object... args) {
    if (n == 0) {
      return;
    }
    long blocks = Math.min((n + BLOCK - 1) / BLOCK, (long) smCount * BLOCKS_PER_SM);
    launch(kernel, (int) Math.max(1, blocks), 1, 1, BLOCK, args);
  }

  /** A launch with one warp per row (grid-stride over rows). */
  final void launchWarpPerRow(Kernel kernel, long rows, Object... args) {
    launchElementwise(kernel, rows * 32, args);
  }

  /** One reduction block per channel. */
  final void launchPerChannel(Kernel kernel, int channels, Object... args) {
    launch(kernel, channels, 1, 1, Kernel.REDUCE_THREADS, args);
  }

  /**
   * Frees every tensor still open, the scratch buffers, the module and the context. Idempotent;
   * tensors of a closed backend fail on use.
   */
  @Override
  public final synchronized void close() {
    if (closed) {
      return;
    }
    try {
      for (CudaTensor t : new ArrayList<>(live)) {
        CUdeviceptr p = t.detach();
        if (p != null) {
          device.free(p);
        }
      }
    } finally {
      live.clear();
      scratch.clear();
      closed = true;
      device.close();
    }
  }
}
