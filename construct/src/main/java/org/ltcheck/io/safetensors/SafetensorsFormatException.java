package org.ltcheck.io.safetensors;

import org.ltcheck.io.TensorFormatException;

/** A safetensors file that violates the format; the message names the problem. */
public final class SafetensorsFormatException extends TensorFormatException {
  private static final long serialVersionUID = 1L;

  public SafetensorsFormatException(String message) {
    super(message);
  }
}
