package org.ltcheck.targets;

import org.ltcheck.io.safetensors.DType;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.tensor.FloatTensor;

/** Reading target parameters: present, of the expected shape, and finite, or a message saying which. */
final class TargetTensors {
  private TargetTensors() {}

  static FloatTensor require(SafetensorsFile f, String name, int... shape) throws SafetensorsFormatException {
    present(f, name);
    return finite(f, name, f.floatTensor(name, shape));
  }

  static FloatTensor require(SafetensorsFile f, String name) throws SafetensorsFormatException {
    present(f, name);
    return finite(f, name, f.floatTensor(name));
  }

  /** Shape of a tensor that must exist with the given rank (before its values are read). */
  static int[] shape(SafetensorsFile f, String name, int rank) throws SafetensorsFormatException {
    present(f, name);
    int[] shape = f.header().info(name).shape();
    if (shape.length != rank) {
      throw new SafetensorsFormatException(f.path() + ": tensor '" + name + "' has shape "
          + java.util.Arrays.toString(shape) + ", expected rank " + rank);
    }
    return shape;
  }

  /** Every tensor of the file must be one of {@code used}: a stray one would be silently dropped. */
  static void requireNoOthers(SafetensorsFile f, java.util.Collection<String> used) throws SafetensorsFormatException {
    java.util.Set<String> unexpected = new java.util.TreeSet<>(f.header().tensors().keySet());
    unexpected.removeAll(used);
    if (!unexpected.isEmpty()) {
      throw new SafetensorsFormatException(f.path() + ": unexpected tensors " + unexpected + " (expected only " + used + ")");
    }
  }

  private static void present(SafetensorsFile f, String name) throws SafetensorsFormatException {
    if (!f.contains(name)) {
      throw new SafetensorsFormatException(
          f.path() + ": missing tensor '" + name + "' (file has " + f.header().tensors().keySet() + ")");
    }
  }

  /** A NaN or infinite weight would silently poison every bound computed from the target. */
  private static FloatTensor finite(SafetensorsFile f, String name, FloatTensor t) throws SafetensorsFormatException {
    int bad = t.firstNonFinite();
    if (bad >= 0) {
      boolean overflow = Float.isInfinite(t.get(bad)) && f.header().info(name).dtype() == DType.F64;
      throw new SafetensorsFormatException(f.path() + ": tensor '" + name + "' has non-finite value " + t.get(bad)
          + " at flat index " + bad + (overflow ? " (an F64 value beyond the float32 range)" : ""));
    }
    return t;
  }
}
