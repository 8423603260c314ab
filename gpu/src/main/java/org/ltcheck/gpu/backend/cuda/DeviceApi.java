package org.ltcheck.gpu.backend.cuda;

import jcuda.driver.CUdeviceptr;

/**
 * The CUDA driver operations {@link CudaBackend} uses. Why an interface: the backend's own
 * logic (argument checks, launch arguments and grids, scratch buffers, freeing on close) can
 * then run in tests on machines without a GPU against a recording implementation, while
 * {@link JCudaDevice} is the only class that talks to the driver.
 */
interface DeviceApi extends AutoCloseable {
  /** E.g. "NVIDIA H100 80GB HBM3, sm_90, driver CUDA 13.0". */
  String deviceName();

  /** Number of streaming multiprocessors (sizes grids and split-K plans). */
  int smCount();

  /** Uninitialised device memory of {@code bytes} > 0 bytes. */
  CUdeviceptr allocate(long bytes);

  void free(CUdeviceptr p);

  /** Sets {@code count} 32-bit words to {@code value}. */
  void memsetD32(CUdeviceptr p, int value, long count);

  /** Copies {@code length} floats from {@code src[srcOffset..]} to {@code dst}. */
  void copyHtoD(CUdeviceptr dst, float[] src, int srcOffset, int length);

  /** Copies {@code length} floats from {@code src} to {@code dst[dstOffset..]}; waits for queued work. */
  void copyDtoH(float[] dst, int dstOffset, CUdeviceptr src, int length);

  /** Reads one 32-bit int; waits for queued work. */
  int readInt(CUdeviceptr src);

  void copyDtoD(CUdeviceptr dst, CUdeviceptr src, long bytes);

  /**
   * Queues {@code kernel} on a grid of 1-D blocks. {@code args} are CUdeviceptr (or null),
   * Integer or Float, already checked against the kernel's PTX signature.
   */
  void launch(Kernel kernel, int gridX, int gridY, int gridZ, int block, Object[] args);

  /** Waits for all queued work. */
  void synchronize();

  /** Releases the module and context; memory not freed before is released with the context. */
  @Override
  void close();
}
