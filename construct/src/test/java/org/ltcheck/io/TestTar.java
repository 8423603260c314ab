package org.ltcheck.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Writes tar archives for tests through Commons Compress; long names as pax records. */
public final class TestTar {
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final TarArchiveOutputStream out;

  public TestTar() {
    this(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  /** @param longFileMode one of {@code TarArchiveOutputStream.LONGFILE_*} */
  public TestTar(int longFileMode) {
    out = new TarArchiveOutputStream(buffer);
    out.setLongFileMode(longFileMode);
  }

  public TestTar file(String name, byte[] content) {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    return add(e, content);
  }

  public TestTar directory(String name) {
    return add(new TarArchiveEntry(name), new byte[0]);
  }

  /** Any entry, e.g. a symbolic link or one with a hand-set name. */
  public TestTar add(TarArchiveEntry e, byte[] content) {
    try {
      out.putArchiveEntry(e);
      out.write(content);
      out.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  /** The finished archive, with its end blocks; no entry may be added afterwards. */
  public byte[] bytes() {
    try {
      out.finish();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return buffer.toByteArray();
  }

  public Path writeGzip(Path file) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
      o.write(bytes());
    }
    return file;
  }
}
