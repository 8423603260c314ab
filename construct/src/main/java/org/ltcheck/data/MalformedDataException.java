package org.ltcheck.data;

import java.io.IOException;

/** A data file that violates its format; the message names the file and the offending value. */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message);
  }
}
