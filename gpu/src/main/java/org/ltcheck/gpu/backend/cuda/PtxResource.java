package org.ltcheck.gpu.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The committed PTX of the kernels (built by {@code gpu/src/main/cuda/build-ptx.sh}), read from
 * the classpath so that a machine with a driver but no CUDA toolkit can JIT it.
 */
final class PtxResource {
  /** Classpath location of the PTX text. */
  static final String PATH = "/org/ltcheck/gpu/cuda/ltcheck_kernels.ptx";

  private PtxResource() {}

  /** The PTX text. */
  static String text() {
    try (InputStream in = PtxResource.class.getResourceAsStream(PATH)) {
      if (in == null) {
        throw new IllegalStateException("PTX resource " + PATH + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read PTX resource " + PATH, e);
    }
  }

  /** The PTX as the NUL-terminated image that cuModuleLoadData expects. */
  static byte[] image(String ptx) {
    byte[] text = ptx.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(text, text.length + 1);
  }
}
