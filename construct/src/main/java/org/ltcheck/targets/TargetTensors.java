package org.ltcheck.targets;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.ltcheck.io.TensorFormatException;
import org.ltcheck.io.TensorSource;
import org.ltcheck.tensor.FloatTensor;

/** Reading target parameters: present, of the expected shape, and finite, or a message saying which. */
final class TargetTensors {
  private TargetTensors() {}

  static FloatTensor require(TensorSource f, String name, int... shape) throws TensorFormatException {
    present(f, name);
    FloatTensor t = f.floatTensor(name);
    if (!t.sameShape(shape)) {
      throw f.error(f.path() + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
          + ", expected " + Arrays.toString(shape));
    }
    return finite(f, name, t);
  }

  static FloatTensor require(TensorSource f, String name) throws TensorFormatException {
    present(f, name);
    return finite(f, name, f.floatTensor(name));
  }

  /** Shape of a tensor that must exist with the given rank (before its values are read). */
  static int[] shape(TensorSource f, String name, int rank) throws TensorFormatException {
    present(f, name);
    int[] shape = f.entry(name).orElseThrow().shape();
    if (shape.length != rank) {
      throw f.error(f.path() + ": tensor '" + name + "' has shape " + Arrays.toString(shape) + ", expected rank " + rank);
    }
    return shape;
  }

  /** Every tensor of the file must be one of {@code used}: a stray one would be silently dropped. */
  static void requireNoOthers(TensorSource f, Collection<String> used) throws TensorFormatException {
    Set<String> unexpected = new TreeSet<>(f.names());
    unexpected.removeAll(used);
    if (!unexpected.isEmpty()) {
      throw f.error(f.path() + ": unexpected tensors " + unexpected + " (expected only " + used + ")");
    }
  }

  private static void present(TensorSource f, String name) throws TensorFormatException {
    if (!f.contains(name)) {
      throw f.error(f.path() + ": missing tensor '" + name + "' (file has " + f.names() + ")");
    }
  }

  /** A NaN or infinite weight would silently poison every bound computed from the target. */
  private static FloatTensor finite(TensorSource f, String name, FloatTensor t) throws TensorFormatException {
    int bad = t.firstNonFinite();
    if (bad >= 0) {
      boolean overflow = Float.isInfinite(t.get(bad)) && f.entry(name).orElseThrow().dtype().equals("F64");
      throw f.error(f.path() + ": tensor '" + name + "' has non-finite value " + t.get(bad)
          + " at flat index " + bad + (overflow ? " (an F64 value beyond the float32 range)" : ""));
    }
    return t;
  }
}
