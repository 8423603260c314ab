package org.ltcheck.targets.onnx;

import java.io.IOException;

/**
 * An ONNX file that cannot be read as a target: not a model protobuf, an opset or operator
 * ltcheck does not map, or a graph that is not a chain of supported layers. The message is one
 * line naming the file and, where there is one, the node (its position, name and operator). An
 * {@link IOException}, like a malformed safetensors file, so the commands report it as bad input.
 */
public final class OnnxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public OnnxFormatException(String message) {
    super(message);
  }
}
