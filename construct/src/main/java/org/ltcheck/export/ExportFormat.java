package org.ltcheck.export;

import java.util.Locale;

/** The file formats {@code ltcheck export} writes. */
public enum ExportFormat {
  /** An ONNX graph (opset 13) with the parameters as initializers. */
  ONNX("onnx"),
  /** safetensors: the named tensors, the layer list in {@code __metadata__}. */
  SAFETENSORS("safetensors"),
  /** The zip layout of {@code torch.save} holding an OrderedDict of tensors and the layer list. */
  PT("pt");

  private final String cliName;

  ExportFormat(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** Parses {@code onnx}, {@code safetensors} or {@code pt}; the message names the rejected value. */
  public static ExportFormat parse(String text) {
    for (ExportFormat f : values()) {
      if (f.cliName.equals(text.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("--format must be onnx, safetensors or pt, got '" + text + "'");
  }
}
