package org.ltcheck.data;

import java.io.IOException;

/**
 * The data could not be obtained at all (no network, no npm, no archive): distinct from a
 * corrupt or wrong file, so that callers (and tests) can tell "cannot fetch here" from "bad data".
 * The message says how to supply the data by hand.
 */
public final class DataUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public DataUnavailableException(String message) {
    super(message);
  }

  public DataUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
