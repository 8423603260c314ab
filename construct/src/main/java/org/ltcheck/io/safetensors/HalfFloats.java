package org.ltcheck.io.safetensors;

/** IEEE 754 binary16 to binary32 conversion (Java 17 has no Float.float16ToFloat). */
public final class HalfFloats {
  private HalfFloats() {}

  public static int halfToFloatBits(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return sign | 0x7f800000 | (mant << 13);
    }
    if (exp == 0) {
      if (mant == 0) {
        return sign;
      }
      // Subnormal half: normalise the mantissa into a float exponent.
      int e = -1;
      do {
        mant <<= 1;
        e++;
      } while ((mant & 0x400) == 0);
      return sign | ((127 - 15 - e) << 23) | ((mant & 0x3ff) << 13);
    }
    return sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
}
