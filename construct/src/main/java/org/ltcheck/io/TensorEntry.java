package org.ltcheck.io;

import java.util.Arrays;
import org.ltcheck.tensor.FloatTensor;

/**
 * One tensor of a {@link TensorSource}, before its values are read.
 *
 * @param dtype the element type as safetensors spells it ({@code F32}, {@code F64}, {@code F16},
 *     {@code BF16}, {@code I64}, ...), for messages
 * @param floating whether {@link TensorSource#floatTensor} can read it
 */
public record TensorEntry(String name, String dtype, boolean floating, int[] shape) {
  public TensorEntry {
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long numel() {
    return FloatTensor.numelOf(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorEntry e && name.equals(e.name) && dtype.equals(e.dtype) && floating == e.floating
        && Arrays.equals(shape, e.shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape);
  }
}
