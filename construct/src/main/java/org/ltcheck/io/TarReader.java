package org.ltcheck.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streaming reader of tar archives (Commons Compress: ustar, GNU long names, pax), so that an npm
 * package or an image archive can be read in one pass without extracting it to disk. This wrapper
 * adds what the callers rely on: every error names the archive (and the entry), headers with a
 * bad checksum are refused rather than trusted, member names that would escape a target
 * directory are refused, and only regular files count as files.
 *
 * <p>Usage: call {@link #next()} until it returns null; between calls, {@link #content()} gives
 * the current entry's bytes. Unread content is skipped by the next call.
 */
public final class TarReader implements Closeable {
  /**
   * One archive member.
   *
   * @param name path inside the archive, without a leading "./"
   * @param type the ustar type flag: '0' regular file, '5' directory, ...
   */
  public record Entry(String name, long size, char type) {
    public boolean isFile() {
      return type == TarConstants.LF_NORMAL || type == TarConstants.LF_OLDNORM || type == TarConstants.LF_CONTIG;
    }

    public boolean isDirectory() {
      return type == TarConstants.LF_DIR;
    }
  }

  private final TarArchiveInputStream in;
  private final String source;
  private Entry current;

  /**
   * @param in the uncompressed tar stream (closed by {@link #close})
   * @param source name of the archive, used in error messages
   */
  public TarReader(InputStream in, String source) {
    this.in = new TarArchiveInputStream(in);
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
    TarArchiveEntry e;
    try {
      e = in.getNextEntry();
    } catch (IOException | IllegalArgumentException ex) {
      throw new IOException(source + ": not a tar archive or corrupt"
          + (current == null ? "" : " after entry " + current.name()) + " (" + ex.getMessage() + ")", ex);
    }
    if (e == null) {
      current = null;
      return null;
    }
    if (!e.isCheckSumOK()) {
      throw new IOException(source + ": not a tar archive or corrupt: bad header checksum for entry '"
          + e.getName() + "'" + (current == null ? "" : " after entry " + current.name()));
    }
    String name = e.getName();
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    if (escapes(name)) {
      throw new IOException(source + ": entry '" + name + "' is an absolute path or leaves the archive with ..");
    }
    if (e.getSize() < 0) {
      throw new IOException(source + ": entry " + name + " has a negative size " + e.getSize());
    }
    current = new Entry(name, e.getSize(), (char) e.getLinkFlag());
    return current;
  }

  /** The current entry's content; reading past its size returns end of stream. */
  public InputStream content() {
    Entry entry = current;
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return in.read(b, off, len);
        } catch (IOException ex) {
          EOFException eof = new EOFException(source + ": truncated or corrupt tar archive"
              + (entry == null ? "" : " inside entry " + entry.name()) + " (" + ex.getMessage() + ")");
          eof.initCause(ex);
          throw eof;
        }
      }
    };
  }

  /** The current entry's whole content. */
  public byte[] readContent() throws IOException {
    if (current == null) {
      throw new IllegalStateException("no current entry");
    }
    if (current.size() > Integer.MAX_VALUE - 8) {
      throw new IOException(source + ": entry " + current.name() + " is too large to hold in memory ("
          + current.size() + " bytes)");
    }
    return content().readAllBytes();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static boolean escapes(String name) {
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      return true;
    }
    for (String part : name.split("[/\\\\]")) {
      if (part.equals("..")) {
        return true;
      }
    }
    return false;
  }
}
