package org.ltcheck.gpu.backend;

/**
 * A requested backend cannot run here (no CUDA device, native library missing). It is an
 * {@link IllegalArgumentException} because the request (e.g. {@code --device cuda}) is the bad
 * input: the CLI reports it in one line with exit code 2.
 */
public final class BackendUnavailableException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
