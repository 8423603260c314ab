package org.ltcheck.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An immutable float32 tensor in row-major (C) order, the layout of PyTorch and safetensors.
 *
 * <p>Immutability is what lets a target network, a mother network and a ticket share tensors
 * across threads without locking; the price is one copy on the way in ({@link #of}) and one on
 * the way out ({@link #toArray}). Code that builds a large tensor once and hands it over can use
 * {@link #wrap} to skip the first copy.
 */
public final class FloatTensor {
  private final int[] shape;
  private final float[] data;

  private FloatTensor(int[] shape, float[] data) {
    long n = numelOf(shape);
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " elements but data has " + data.length);
    }
    this.shape = shape;
    this.data = data;
  }

  /** A tensor holding a copy of {@code data}. */
  public static FloatTensor of(float[] data, int... shape) {
    return new FloatTensor(shape.clone(), data.clone());
  }

  /**
   * A tensor that takes ownership of {@code data} without copying it. The caller must not
   * modify the array afterwards.
   */
  public static FloatTensor wrap(float[] data, int... shape) {
    return new FloatTensor(shape.clone(), data);
  }

  /** A tensor of zeros. */
  public static FloatTensor zeros(int... shape) {
    return new FloatTensor(shape.clone(), new float[Math.toIntExact(numelOf(shape))]);
  }

  /** Number of elements a tensor of this shape holds; rejects negative dimensions. */
  public static long numelOf(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis];
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  /** Element at a flat (row-major) index. */
  public float get(int flatIndex) {
    return data[flatIndex];
  }

  /** A copy of the elements in row-major order. */
  public float[] toArray() {
    return data.clone();
  }

  /** The elements as little-endian float32 bytes in row-major order, as safetensors, torch.save and ONNX store them. */
  public byte[] littleEndianBytes() {
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    return b.array();
  }

  /** Copies the elements into {@code dst} starting at {@code offset}. */
  public void copyTo(float[] dst, int offset) {
    System.arraycopy(data, 0, dst, offset, data.length);
  }

  /** The same elements under another shape with the same number of elements. */
  public FloatTensor reshape(int... newShape) {
    return new FloatTensor(newShape.clone(), data);
  }

  /** Largest absolute value, 0 for an empty tensor. */
  public float maxAbs() {
    float m = 0f;
    for (float v : data) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Number of elements different from zero. */
  public int countNonZero() {
    int c = 0;
    for (float v : data) {
      if (v != 0f) {
        c++;
      }
    }
    return c;
  }

  /** Flat index of the first NaN or infinite element, or -1 when all are finite. */
  public int firstNonFinite() {
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        return i;
      }
    }
    return -1;
  }

  public boolean sameShape(int... other) {
    return Arrays.equals(shape, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FloatTensor" + Arrays.toString(shape);
  }
}
