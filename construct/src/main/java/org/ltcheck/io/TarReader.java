package org.ltcheck.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Streaming reader of tar archives (POSIX ustar, with GNU long names and pax path/size
 * records), so that an npm package or an image archive can be read in one pass without
 * extracting it to disk or depending on an external tar program.
 *
 * <p>Usage: call {@link #next()} until it returns null; between calls, {@link #content()} gives
 * the current entry's bytes. Unread content is skipped by the next call.
 */
public final class TarReader implements Closeable {
  private static final int BLOCK = 512;

  /**
   * One archive member.
   *
   * @param name path inside the archive, without a leading "./"
   * @param type the ustar type flag: '0' regular file, '5' directory, ...
   */
  public record Entry(String name, long size, char type) {
    public boolean isFile() {
      return type == '0' || type == '\0' || type == '7';
    }

    public boolean isDirectory() {
      return type == '5';
    }
  }

  private final InputStream in;
  private final String source;
  private final byte[] header = new byte[BLOCK];
  private long position;
  private long remaining;
  private long padding;
  private Entry current;

  /**
   * @param in the uncompressed tar stream (closed by {@link #close})
   * @param source name of the archive, used in error messages
   */
  public TarReader(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /** Opens a gzip-compressed tar file (.tar.gz, .tgz). */
  public static TarReader openGzip(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    try {
      return new TarReader(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16), file.toString());
    } catch (IOException e) {
      raw.close();
      throw new IOException(file + ": not a gzip file (" + e.getMessage() + ")", e);
    }
  }

  /** The next member, or null at the end of the archive. */
  public Entry next() throws IOException {
    skipRest();
    String longName = null;
    Long paxSize = null;
    while (true) {
      if (!readBlock()) {
        return finish(null);
      }
      if (isZero(header)) {
        return finish(null);
      }
      verifyChecksum();
      char type = (char) header[156];
      long size = parseNumber(124, 12, "size");
      String name = longName != null ? longName : ustarName();
      if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
        byte[] body = readBody(size, name);
        if (type == 'L') {
          longName = cString(body, 0, body.length);
        } else if (type == 'x') {
          String[] pax = parsePax(body);
          if (pax[0] != null) {
            longName = pax[0];
          }
          if (pax[1] != null) {
            paxSize = Long.parseLong(pax[1]);
          }
        }
        continue;
      }
      if (paxSize != null) {
        size = paxSize;
      }
      while (name.startsWith("./")) {
        name = name.substring(2);
      }
      remaining = size;
      padding = (BLOCK - size % BLOCK) % BLOCK;
      current = new Entry(name, size, type);
      return current;
    }
  }

  /** The current entry's content; reading past its size returns end of stream. */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw truncated();
        }
        remaining -= n;
        position += n;
        return n;
      }
    };
  }

  /** The current entry's whole content. */
  public byte[] readContent() throws IOException {
    if (current == null) {
      throw new IllegalStateException("no current entry");
    }
    if (remaining > Integer.MAX_VALUE - 8) {
      throw new IOException(source + ": entry " + current.name() + " is too large to hold in memory");
    }
    return content().readAllBytes();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private Entry finish(Entry e) {
    current = e;
    return e;
  }

  private byte[] readBody(long size, String name) throws IOException {
    if (size > (1 << 24)) {
      throw new IOException(source + ": implausible " + size + "-byte extended header before " + name);
    }
    byte[] body = new byte[(int) size];
    readFully(body, body.length);
    remaining = 0;
    long pad = (BLOCK - size % BLOCK) % BLOCK;
    skipExactly(pad);
    return body;
  }

  private void skipRest() throws IOException {
    skipExactly(remaining + padding);
    remaining = 0;
    padding = 0;
  }

  private void skipExactly(long n) throws IOException {
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        if (in.read() < 0) {
          throw truncated();
        }
        s = 1;
      }
      n -= s;
      position += s;
    }
  }

  private boolean readBlock() throws IOException {
    int got = 0;
    while (got < BLOCK) {
      int n = in.read(header, got, BLOCK - got);
      if (n < 0) {
        if (got == 0) {
          return false; // archives without the two end blocks are common enough to accept
        }
        throw new EOFException(source + ": truncated tar header at byte " + position);
      }
      got += n;
    }
    position += BLOCK;
    return true;
  }

  private void readFully(byte[] b, int len) throws IOException {
    int got = 0;
    while (got < len) {
      int n = in.read(b, got, len - got);
      if (n < 0) {
        throw truncated();
      }
      got += n;
      position += n;
    }
  }

  private EOFException truncated() {
    return new EOFException(source + ": truncated tar archive"
        + (current == null ? "" : " inside entry " + current.name()) + " at byte " + position);
  }

  private void verifyChecksum() throws IOException {
    long stored = parseNumber(148, 8, "checksum");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    if (sum != stored) {
      throw new IOException(source + ": not a tar archive or corrupt: header checksum " + stored
          + " != computed " + sum + " at byte " + (position - BLOCK));
    }
  }

  private String ustarName() {
    String name = cString(header, 0, 100);
    boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't'
        && header[260] == 'a' && header[261] == 'r';
    if (ustar) {
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  /** Octal (NUL or space terminated) or, for large values, GNU base-256 with the top bit set. */
  private long parseNumber(int off, int len, String field) throws IOException {
    if ((header[off] & 0x80) != 0) {
      long v = header[off] & 0x7f;
      for (int i = 1; i < len; i++) {
        v = (v << 8) | (header[off + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && header[i] == ' ') {
      i++;
    }
    for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
      int d = header[i] - '0';
      if (d < 0 || d > 7) {
        throw new IOException(source + ": not a tar archive or corrupt: invalid " + field
            + " field at byte " + (position - BLOCK + off));
      }
      v = (v << 3) | d;
    }
    return v;
  }

  /** pax records "LEN key=value\n"; returns {path, size}, either possibly null. */
  private String[] parsePax(byte[] body) throws IOException {
    String[] out = new String[2];
    int i = 0;
    while (i < body.length) {
      int sp = i;
      while (sp < body.length && body[sp] != ' ') {
        sp++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(body, i, sp - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException(source + ": malformed pax header near byte " + position);
      }
      if (len <= 0 || i + len > body.length) {
        throw new IOException(source + ": malformed pax record length " + len + " near byte " + position);
      }
      String rec = new String(body, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq > 0) {
        String key = rec.substring(0, eq);
        if (key.equals("path")) {
          out[0] = rec.substring(eq + 1);
        } else if (key.equals("size")) {
          out[1] = rec.substring(eq + 1);
        }
      }
      i += len;
    }
    return out;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
