package org.ltcheck.io.torch;

import java.util.Arrays;
import java.util.List;

/**
 * The values of a state-dict pickle that are not plain Java values. Strings, integers
 * ({@link Long} or {@link java.math.BigInteger}), doubles, booleans, {@link #NONE}, lists
 * ({@link java.util.List}) and dicts ({@link java.util.LinkedHashMap}, also for
 * {@code OrderedDict}) stand for themselves.
 */
sealed interface PickleValue {
  /** Python's {@code None} (the unpickler's stack holds no nulls). */
  None NONE = new None();

  /** {@code None}. */
  record None() implements PickleValue {
    @Override
    public String toString() {
      return "None";
    }
  }

  /** A tuple. */
  record Tuple(List<Object> items) implements PickleValue {
    public Tuple {
      items = List.copyOf(items);
    }
  }

  /** One of the allowed globals, before it is called. */
  record Global(AllowedGlobal kind, String module, String name) implements PickleValue {
    @Override
    public String toString() {
      return module + "." + name;
    }
  }

  /**
   * A storage of the archive: {@code data/KEY} holds {@code numel} elements of {@code dtype}.
   *
   * @param dtype the element type
   */
  record Storage(StorageType dtype, String key, long numel) implements PickleValue {}

  /** A tensor: a strided view of a storage, as {@code torch._utils._rebuild_tensor_v2} makes it. */
  record Tensor(Storage storage, long offset, int[] size, long[] stride) implements PickleValue {
    public Tensor {
      size = size.clone();
      stride = stride.clone();
    }

    @Override
    public int[] size() {
      return size.clone();
    }

    @Override
    public long[] stride() {
      return stride.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tensor t && storage.equals(t.storage) && offset == t.offset && Arrays.equals(size, t.size)
          && Arrays.equals(stride, t.stride);
    }

    @Override
    public int hashCode() {
      return storage.hashCode() * 31 + Arrays.hashCode(size);
    }

    @Override
    public String toString() {
      return "Tensor[" + storage + ", offset " + offset + ", size " + Arrays.toString(size) + ", stride "
          + Arrays.toString(stride) + "]";
    }
  }
}
