package org.ltcheck.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes {@code torch.save} zips with an arbitrary pickle, for command-line tests of what the
 * reader refuses (state dicts are written by {@link org.ltcheck.io.torch.TorchSaveWriter}).
 */
final class TorchSaveFiles {
  private TorchSaveFiles() {}

  /** A torch.save zip whose {@code data.pkl} is {@code pickle}. */
  static void writePickle(Path file, byte[] pickle) throws IOException {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "archive/data.pkl", pickle);
      put(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** {@code os.system("echo pwned")} as protocol 0 pickles it: GLOBAL, MARK, string, TUPLE, REDUCE. */
  static byte[] osSystemPickle() {
    return "cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.US_ASCII);
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
