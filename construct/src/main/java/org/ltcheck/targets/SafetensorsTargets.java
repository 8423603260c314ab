package org.ltcheck.targets;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.SafetensorsHeader;
import org.ltcheck.io.safetensors.TensorInfo;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.LayerMagnitudes;

/**
 * Reads a target's architecture from a safetensors file: every {@code X.weight} of rank 4 is a
 * convolution (out, in, kh, kw), of rank 2 a linear layer (out, in); {@code X.bias} is optional.
 * Layers follow the order in which their prefixes first appear in the header. The architecture
 * comes from the header alone; the nonzero counts and magnitudes need the data, which is read
 * whenever it fits in memory (otherwise every weight counts as nonzero).
 */
public final class SafetensorsTargets {
  /** The {@code --target} value naming the bundled MNIST target. */
  public static final String MNIST = "mnist";

  /** Classpath location of the bundled MNIST target (module construct). */
  public static final String MNIST_RESOURCE = "/org/ltcheck/targets/mnist-cnn-target.safetensors";

  private SafetensorsTargets() {}

  /** {@code target} is a file path, or {@link #MNIST} for the bundled target. */
  public static TargetDescription load(String target, InputShape input) throws IOException {
    if (MNIST.equalsIgnoreCase(target)) {
      return readResource(MNIST_RESOURCE, "mnist (bundled " + MNIST_RESOURCE + ")", input);
    }
    return read(Path.of(target), target, input);
  }

  public static TargetDescription read(Path path, String source, InputShape input) throws IOException {
    SafetensorsHeader header = SafetensorsFile.readHeader(path);
    Map<String, Group> groups = group(header, path);
    long dataBytes = header.tensors().values().stream().mapToLong(TensorInfo::end).max().orElse(0);
    SafetensorsFile file = dataBytes <= Integer.MAX_VALUE ? SafetensorsFile.read(path) : null;
    LayerChain chain = new LayerChain(input);
    List<DescribedLayer> layers = new ArrayList<>();
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      layers.add(layer(path, e.getKey(), e.getValue(), chain, file));
    }
    return new TargetDescription(source, input, layers);
  }

  private static TargetDescription readResource(String resource, String source, InputShape input) throws IOException {
    URL url = SafetensorsTargets.class.getResource(resource);
    if (url == null) {
      throw new NoSuchFileException(resource, null, "bundled target is not on the classpath");
    }
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException(resource + ": unusable resource location " + url, e);
    }
    if ("file".equals(uri.getScheme())) {
      return read(Path.of(uri), source, input);
    }
    // Inside a jar: open the jar as a file system, unless someone else already has.
    try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
      return read(fs.provider().getPath(uri), source, input);
    } catch (FileSystemAlreadyExistsException e) {
      return read(Path.of(uri), source, input);
    }
  }

  /** Weight and optional bias per prefix, in order of first appearance. */
  private record Group(TensorInfo weight, TensorInfo bias) {}

  private static Map<String, Group> group(SafetensorsHeader header, Path path) throws SafetensorsFormatException {
    Map<String, TensorInfo> weights = new LinkedHashMap<>();
    Map<String, TensorInfo> biases = new LinkedHashMap<>();
    List<String> order = new ArrayList<>();
    for (TensorInfo t : header.tensors().values()) {
      int dot = t.name().lastIndexOf('.');
      String prefix = dot < 0 ? "" : t.name().substring(0, dot);
      String suffix = t.name().substring(dot + 1);
      if (!t.dtype().isFloat()) {
        throw new SafetensorsFormatException(
            path + ": tensor '" + t.name() + "' has dtype " + t.dtype() + ", expected floating point");
      }
      switch (suffix) {
        case "weight" -> weights.put(prefix, t);
        case "bias" -> biases.put(prefix, t);
        default -> throw new SafetensorsFormatException(
            path + ": tensor '" + t.name() + "' is neither X.weight nor X.bias of a conv or linear layer");
      }
      if (!order.contains(prefix)) {
        order.add(prefix);
      }
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    for (String prefix : order) {
      TensorInfo w = weights.get(prefix);
      if (w == null) {
        throw new SafetensorsFormatException(path + ": bias '" + prefix + ".bias' has no weight '" + prefix + ".weight'");
      }
      groups.put(prefix, new Group(w, biases.get(prefix)));
    }
    if (groups.isEmpty()) {
      throw new SafetensorsFormatException(path + ": no X.weight tensors");
    }
    return groups;
  }

  private static DescribedLayer layer(Path path, String name, Group g, LayerChain chain, SafetensorsFile file)
      throws SafetensorsFormatException {
    int[] s = g.weight().shape();
    String where = path + ": " + name;
    LayerGeometry geo;
    try {
      geo = switch (s.length) {
        case 4 -> chain.conv(where, s[1], s[0], s[2], s[3]);
        case 2 -> chain.linear(where, s[1], s[0]);
        default -> throw new SafetensorsFormatException(
            path + ": tensor '" + g.weight().name() + "' has rank " + s.length + ", expected 4 (conv) or 2 (linear)");
      };
    } catch (IllegalArgumentException e) {
      throw new SafetensorsFormatException(e.getMessage());
    }
    if (g.bias() != null && (g.bias().shape().length != 1 || g.bias().shape()[0] != s[0])) {
      throw new SafetensorsFormatException(
          path + ": tensor '" + g.bias().name() + "' has shape " + java.util.Arrays.toString(g.bias().shape())
              + ", expected [" + s[0] + "]");
    }
    if (file == null) {
      return new DescribedLayer(name, geo, geo.denseShape(), Optional.empty(), OptionalDouble.empty());
    }
    FloatTensor w = finite(file, g.weight().name());
    FloatTensor b = g.bias() == null ? null : finite(file, g.bias().name());
    LayerMagnitudes m = magnitudes(geo, w, b);
    long nonZeroBiases = b == null ? 0 : b.countNonZero();
    return new DescribedLayer(name, geo, geo.shape(w.countNonZero(), nonZeroBiases), Optional.of(m),
        OptionalDouble.of(w.maxAbs()));
  }

  private static FloatTensor finite(SafetensorsFile file, String name) throws SafetensorsFormatException {
    FloatTensor t = file.floatTensor(name);
    int bad = t.firstNonFinite();
    if (bad >= 0) {
      throw new SafetensorsFormatException(
          file.path() + ": tensor '" + name + "' has the non-finite value " + t.get(bad) + " at index " + bad);
    }
    return t;
  }

  /**
   * Per channel pair, Σ|w| and the nonzero count over the block of weights joining them: the
   * kernel positions of a convolution, the positions of input channel i for a flatten head
   * (flattened channel-major, so each channel's positions are contiguous).
   */
  static LayerMagnitudes magnitudes(LayerGeometry g, FloatTensor weight, FloatTensor bias) {
    int block = Math.multiplyExact(g.kernelPositions(), g.inputPositionsPerChannel());
    double[][] abs = new double[g.outChannels()][g.inChannels()];
    int[][] count = new int[g.outChannels()][g.inChannels()];
    for (int j = 0; j < g.outChannels(); j++) {
      for (int i = 0; i < g.inChannels(); i++) {
        int base = (j * g.inChannels() + i) * block;
        for (int k = 0; k < block; k++) {
          float v = weight.get(base + k);
          if (v != 0f) {
            abs[j][i] += Math.abs(v);
            count[j][i]++;
          }
        }
      }
    }
    double[] absBias = new double[g.outChannels()];
    for (int j = 0; bias != null && j < absBias.length; j++) {
      absBias[j] = Math.abs(bias.get(j));
    }
    return new LayerMagnitudes(abs, count, absBias, ActivationKind.IDENTITY);
  }
}
