package org.ltcheck.targets.onnx;

import java.util.List;

/**
 * The sliding-window attributes of Conv, MaxPool and AveragePool (strides, pads, auto_pad,
 * kernel_shape, ceil_mode) as the model holds them: one stride and one padding for both axes.
 * Anything else is a message naming the node.
 */
final class WindowAttributes {
  private final OnnxGraph graph;

  WindowAttributes(OnnxGraph graph) {
    this.graph = graph;
  }

  /** A square pooling window, its stride and its padding on every side. */
  record Window(int kernel, int stride, int padding) {}

  /**
   * The window of a pooling node reading a (C,H,W) input: square kernel and stride, symmetric
   * padding; ceil_mode only where it changes nothing.
   */
  Window pool(OnnxNode n, int[] in) throws OnnxFormatException {
    List<Long> k = n.intsAttribute("kernel_shape").orElseThrow(() -> new OnnxFormatException(
        graph.at(n) + " has no kernel_shape"));
    if (k.size() != 2 || !k.get(0).equals(k.get(1))) {
      throw new OnnxFormatException(graph.at(n) + " has kernel " + k + "; only square 2-D windows are supported");
    }
    int kernel = Math.toIntExact(k.get(0));
    int stride = stride(n);
    int padding = padding(n, in, kernel, kernel, stride);
    if (n.intAttribute("ceil_mode", 0) != 0) {
      for (int d = 1; d <= 2; d++) {
        if ((in[d] + 2 * padding - kernel) % stride != 0) {
          throw new OnnxFormatException(graph.at(n) + " has ceil_mode=1, which adds a partial window on an input of "
              + in[d] + "; only floor mode is supported");
        }
      }
    }
    return new Window(kernel, stride, padding);
  }

  /** The stride, the same along both axes. */
  int stride(OnnxNode n) throws OnnxFormatException {
    List<Long> s = n.intsAttribute("strides").orElse(List.of(1L, 1L));
    if (s.size() != 2 || !s.get(0).equals(s.get(1)) || s.get(0) < 1) {
      throw new OnnxFormatException(graph.at(n) + " has strides " + s + "; only equal strides along both axes are"
          + " supported");
    }
    return Math.toIntExact(s.get(0));
  }

  /** One padding for all four sides, from {@code pads} or {@code auto_pad}. */
  int padding(OnnxNode n, int[] in, int kh, int kw, int stride) throws OnnxFormatException {
    String auto = n.stringAttribute("auto_pad", "NOTSET");
    List<Long> pads;
    switch (auto) {
      case "NOTSET" -> pads = n.intsAttribute("pads").orElse(List.of(0L, 0L, 0L, 0L));
      case "VALID" -> pads = List.of(0L, 0L, 0L, 0L);
      case "SAME_UPPER", "SAME_LOWER" -> {
        long th = Math.max(0, ((in[1] + stride - 1L) / stride - 1) * stride + kh - in[1]);
        long tw = Math.max(0, ((in[2] + stride - 1L) / stride - 1) * stride + kw - in[2]);
        long lower = auto.equals("SAME_LOWER") ? 1 : 0;
        pads = List.of((th + lower) / 2, (tw + lower) / 2, th - (th + lower) / 2, tw - (tw + lower) / 2);
      }
      default -> throw new OnnxFormatException(graph.at(n) + " has auto_pad '" + auto + "'");
    }
    if (pads.size() != 4 || pads.stream().distinct().count() != 1) {
      throw new OnnxFormatException(graph.at(n) + " pads by " + pads + " (begin h, w, end h, w"
          + (auto.equals("NOTSET") ? "" : ", from auto_pad " + auto) + "); only the same padding on all four"
          + " sides is supported");
    }
    return Math.toIntExact(pads.get(0));
  }
}
