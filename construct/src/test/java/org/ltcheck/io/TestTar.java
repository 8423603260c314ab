package org.ltcheck.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes tar archives for tests, header field by header field as POSIX ustar specifies them,
 * including the GNU long-name and pax forms that real archives use for long paths.
 */
public final class TestTar {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A regular file; names over 100 bytes are split into the ustar prefix and name fields. */
  public TestTar file(String name, byte[] content) {
    if (name.length() > 100) {
      int slash = name.lastIndexOf('/', name.length() - 2);
      header(name.substring(slash + 1), name.substring(0, slash), content.length, '0');
    } else {
      header(name, "", content.length, '0');
    }
    body(content);
    return this;
  }

  public TestTar directory(String name) {
    header(name, "", 0, '5');
    return this;
  }

  /** A file whose long name comes in a preceding GNU 'L' entry. */
  public TestTar gnuLongName(String name, byte[] content) {
    byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_8);
    header("././@LongLink", "", n.length, 'L');
    body(n);
    header(name.substring(0, 99), "", content.length, '0');
    body(content);
    return this;
  }

  /** A file whose path comes in a preceding pax extended header. */
  public TestTar paxPath(String name, byte[] content) {
    String rec = " path=" + name + "\n";
    int len = rec.length();
    len += String.valueOf(len + String.valueOf(len).length()).length();
    byte[] pax = (len + rec).getBytes(StandardCharsets.UTF_8);
    header("PaxHeaders/x", "", pax.length, 'x');
    body(pax);
    header("truncated-name", "", content.length, '0');
    body(content);
    return this;
  }

  /** The archive with the two zero end blocks. */
  public byte[] bytes() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  public Path writeGzip(Path file) throws IOException {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
      o.write(bytes());
    }
    return file;
  }

  private void header(String name, String prefix, long size, char type) {
    byte[] h = new byte[512];
    put(h, 0, 100, name);
    put(h, 100, 8, "0000644");
    put(h, 108, 8, "0000000");
    put(h, 116, 8, "0000000");
    put(h, 124, 12, String.format("%011o", size));
    put(h, 136, 12, "00000000000");
    h[156] = (byte) type;
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    put(h, 345, 155, prefix);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, 8, String.format("%06o", sum) + "\0 ");
    out.writeBytes(h);
  }

  private void body(byte[] content) {
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > len) {
      throw new IllegalArgumentException("'" + s + "' exceeds tar field of " + len);
    }
    System.arraycopy(b, 0, h, off, b.length);
  }
}
