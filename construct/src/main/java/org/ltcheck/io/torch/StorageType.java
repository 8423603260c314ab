package org.ltcheck.io.torch;

import java.util.Optional;

/**
 * The storage classes a state dict may name ({@code torch.FloatStorage}, ...), with their element
 * size and the safetensors spelling of their dtype; integer and boolean storages are read (e.g.
 * batch norm's {@code num_batches_tracked}) but are not floating point.
 */
enum StorageType {
  FLOAT("FloatStorage", "F32", 4, true),
  DOUBLE("DoubleStorage", "F64", 8, true),
  HALF("HalfStorage", "F16", 2, true),
  BFLOAT16("BFloat16Storage", "BF16", 2, true),
  LONG("LongStorage", "I64", 8, false),
  INT("IntStorage", "I32", 4, false),
  SHORT("ShortStorage", "I16", 2, false),
  CHAR("CharStorage", "I8", 1, false),
  BYTE("ByteStorage", "U8", 1, false),
  BOOL("BoolStorage", "BOOL", 1, false);

  private final String className;
  private final String dtype;
  private final int bytes;
  private final boolean floating;

  StorageType(String className, String dtype, int bytes, boolean floating) {
    this.className = className;
    this.dtype = dtype;
    this.bytes = bytes;
    this.floating = floating;
  }

  /** The class name in module {@code torch}. */
  String className() {
    return className;
  }

  String dtype() {
    return dtype;
  }

  int bytes() {
    return bytes;
  }

  boolean floating() {
    return floating;
  }

  static Optional<StorageType> ofClass(String name) {
    for (StorageType t : values()) {
      if (t.className.equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
