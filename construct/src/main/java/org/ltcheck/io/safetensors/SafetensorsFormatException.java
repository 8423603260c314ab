package org.ltcheck.io.safetensors;

import java.io.IOException;

/** A safetensors file that violates the format; the message names the problem. */
public final class SafetensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SafetensorsFormatException(String message) {
    super(message);
  }
}
