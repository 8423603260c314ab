package org.ltcheck.targets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a dense architecture written on the command line: comma-separated layers
 * {@code kind:in-out[-kernel]}, e.g. {@code conv:1-32-3,conv:32-32-3,linear:25088-10}. A conv
 * kernel is {@code K} (K×K) or {@code KHxKW} and defaults to 3, the paper's networks' kernel. A
 * linear layer after convolutions reads their flattened output, so its in-features are the
 * channels × positions of the map before it.
 */
public final class ArchitectureSpec {
  private static final Pattern LAYER =
      Pattern.compile("([A-Za-z]+):(\\d+)-(\\d+)(?:-(\\d+)(?:[xX](\\d+))?)?");
  private static final int DEFAULT_CONV_KERNEL = 3;

  private ArchitectureSpec() {}

  public static TargetDescription parse(String spec, InputShape input) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty --arch (expected e.g. conv:1-32-3,linear:25088-10)");
    }
    LayerChain chain = new LayerChain(input);
    List<TargetDescription.Layer> layers = new ArrayList<>();
    for (String item : spec.split(",", -1)) {
      String t = item.trim();
      Matcher m = LAYER.matcher(t);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "malformed layer '" + t + "' in --arch (expected kind:in-out[-kernel], e.g. conv:1-32-3)");
      }
      String name = "layer" + layers.size();
      String kind = m.group(1).toLowerCase(Locale.ROOT);
      long in = parseCount(m.group(2), t);
      int out = Math.toIntExact(parseCount(m.group(3), t));
      LayerGeometry g = switch (kind) {
        case "conv" -> {
          int kh = m.group(4) == null ? DEFAULT_CONV_KERNEL : Math.toIntExact(parseCount(m.group(4), t));
          int kw = m.group(5) == null ? kh : Math.toIntExact(parseCount(m.group(5), t));
          yield chain.conv(name + " (" + t + ")", Math.toIntExact(in), out, kh, kw);
        }
        case "linear" -> {
          if (m.group(4) != null) {
            throw new IllegalArgumentException("linear layer '" + t + "' in --arch takes no kernel");
          }
          yield chain.linear(name + " (" + t + ")", in, out);
        }
        default -> throw new IllegalArgumentException(
            "unknown layer kind '" + m.group(1) + "' in --arch item '" + t + "' (expected conv or linear)");
      };
      layers.add(new TargetDescription.Layer(name, g, Optional.empty()));
    }
    return new TargetDescription("--arch " + spec, input, layers, Optional.empty());
  }

  private static long parseCount(String digits, String item) {
    try {
      long v = Long.parseLong(digits);
      if (v < 1 || v > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size " + digits + " in --arch item '" + item + "' is not in [1, " + Integer.MAX_VALUE + "]");
    }
  }
}
