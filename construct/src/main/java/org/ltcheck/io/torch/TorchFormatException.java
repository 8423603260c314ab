package org.ltcheck.io.torch;

import org.ltcheck.io.TensorFormatException;

/** A PyTorch file that is malformed or holds more than tensors; the message names the file and the problem. */
public final class TorchFormatException extends TensorFormatException {
  private static final long serialVersionUID = 1L;

  public TorchFormatException(String message) {
    super(message);
  }
}
