package org.ltcheck.io;

import java.io.IOException;

/** Data whose SHA-256 differs from the pinned value; the message names the data and both hashes. */
public final class ChecksumMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String actual;
  private final String expected;

  public ChecksumMismatchException(String what, String actual, String expected) {
    super(what + ": sha256 " + actual + " does not match the expected " + expected);
    this.actual = actual;
    this.expected = expected;
  }

  public String actual() {
    return actual;
  }

  public String expected() {
    return expected;
  }
}
