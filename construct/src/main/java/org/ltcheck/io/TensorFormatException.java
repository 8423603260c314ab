package org.ltcheck.io;

import java.io.IOException;

/**
 * A tensor file that violates its format, or whose tensors do not form what the reader expects;
 * the message names the file and the problem. Each format has its own subclass, so that a
 * caller can still tell a safetensors problem from a PyTorch one.
 */
public class TensorFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public TensorFormatException(String message) {
    super(message);
  }
}
