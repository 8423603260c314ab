package org.ltcheck.gpu.backend.cpu;

/** Which SGEMM the CPU backend uses. */
public enum GemmKind {
  /** OpenBLAS when its native library loads, otherwise the pure-Java GEMM. */
  AUTO,
  /** OpenBLAS through the bytedeco presets; fails if the native library cannot load. */
  OPENBLAS,
  /** The blocked pure-Java GEMM (portable, slower; also used to test the rest of the backend). */
  JAVA
}
