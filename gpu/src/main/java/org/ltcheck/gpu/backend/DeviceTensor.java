package org.ltcheck.gpu.backend;

/**
 * An opaque float32 buffer owned by a {@link Backend}: host memory for the CPU backend, device
 * memory for a CUDA backend. Training keeps weights, gradients, optimiser state and masks in
 * such buffers for a whole epoch, so the only host traffic is the input batch and a few
 * statistics; contents are read and written only through the backend that allocated it.
 *
 * <p>The shape is descriptive (row-major, as in PyTorch); operations check element counts
 * against the dimensions they are given, which lets a conv output be used as a flattened linear
 * input without a copy. {@link #close()} releases the memory; using a closed tensor fails.
 */
public interface DeviceTensor extends AutoCloseable {
  /** The shape given at allocation. */
  int[] shape();

  /** Number of float elements. */
  int size();

  /** The backend that owns this buffer; operations of any other backend reject it. */
  Backend backend();

  /** Releases the memory; idempotent. */
  @Override
  void close();
}
