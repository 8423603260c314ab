package org.ltcheck.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 of files and byte arrays as lower-case hex, and verification against an expected
 * value with a one-line message naming the file and both hashes. Data files are pinned by their
 * hash so that a wrong, truncated or tampered download can never feed an experiment.
 */
public final class Sha256 {
  private Sha256() {}

  /** A fresh digest; SHA-256 is mandatory on every Java platform. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JVM lacks SHA-256", e);
    }
  }

  public static String hex(byte[] data) {
    return HexFormat.of().formatHex(newDigest().digest(data));
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Hash of a file's content, read in streaming fashion. */
  public static String hex(Path file) throws IOException {
    MessageDigest d = newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
    }
    return hex(d);
  }

  /** Throws {@link ChecksumMismatchException} unless {@code file} hashes to {@code expected}. */
  public static void verify(Path file, String expected) throws IOException {
    check(file.toString(), hex(file), expected);
  }

  /** Throws {@link ChecksumMismatchException} unless {@code data} hashes to {@code expected}. */
  public static void verify(String what, byte[] data, String expected) throws ChecksumMismatchException {
    check(what, hex(data), expected);
  }

  /** Compares an already computed hash; {@code what} names the data in the message. */
  public static void check(String what, String actual, String expected) throws ChecksumMismatchException {
    if (!actual.equalsIgnoreCase(expected)) {
      throw new ChecksumMismatchException(what, actual.toLowerCase(Locale.ROOT), expected.toLowerCase(Locale.ROOT));
    }
  }
}
