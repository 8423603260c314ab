package org.ltcheck.io.safetensors;

/** The safetensors element types ltcheck reads; floats are converted to float32 on reading. */
public enum DType {
  F32(4),
  F64(8),
  F16(2),
  BF16(2),
  I32(4),
  I64(8),
  U8(1);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  public boolean isFloat() {
    return this == F32 || this == F64 || this == F16 || this == BF16;
  }

  static DType parse(String name, String tensor) throws SafetensorsFormatException {
    for (DType d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    throw new SafetensorsFormatException("tensor '" + tensor + "' has unsupported dtype " + name);
  }
}
