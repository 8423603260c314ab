package org.ltcheck.io.safetensors;

/**
 * One entry of a safetensors header.
 *
 * @param begin byte offset of the data, relative to the start of the data section
 * @param end exclusive end offset
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {
  public TensorInfo {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long numel() {
    return org.ltcheck.tensor.FloatTensor.numelOf(shape);
  }
}
