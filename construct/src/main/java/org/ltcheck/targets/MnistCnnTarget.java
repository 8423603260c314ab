package org.ltcheck.targets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.ltcheck.io.Sha256;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * The 3-layer MNIST CNN target of Burkholz (ICML 2022): conv1 3x3 pad 1, ReLU, conv2 3x3 pad 1,
 * ReLU, flatten, fc; input 1x28x28 normalised with mean 0.1307 and std 0.3081. A copy ships as
 * a classpath resource (MIT licence, attribution in the README beside it).
 *
 * <p>Channel counts are read from the file (32 and 32 in the bundled one) and every other
 * dimension is checked against them, so a retrained variant of another width loads too.
 */
public final class MnistCnnTarget {
  /** Name for the command line: {@code --target mnist}. */
  public static final String NAME = "mnist";
  public static final String RESOURCE = "/org/ltcheck/targets/mnist-cnn-target.safetensors";
  public static final String FILE_NAME = "mnist-cnn-target.safetensors";
  public static final String SHA256 = "1f5f58e8ce97b742699a7e855cd98b9f85930af5a05a8f9dd5875907f8f64336";
  /** Top-1 correct on the official MNIST test set, as reported for the bundled file. */
  public static final int KNOWN_TEST_CORRECT = 9845;
  private static final int SIDE = 28;
  /** The file's name of each weight layer, in order. */
  public static final List<String> LAYER_NAMES = List.of("conv1", "conv2", "fc");

  private MnistCnnTarget() {}

  /** Per-sample input shape (1, 28, 28). */
  public static int[] inputShape() {
    return new int[] {1, SIDE, SIDE};
  }

  /** Loads the architecture from a safetensors file with tensors conv1.*, conv2.*, fc.*. */
  public static Network load(Path file) throws IOException {
    SafetensorsFile f = SafetensorsFile.read(file);
    int c1 = TargetTensors.shape(f, "conv1.weight", 4)[0];
    FloatTensor w1 = TargetTensors.require(f, "conv1.weight", c1, 1, 3, 3);
    FloatTensor b1 = TargetTensors.require(f, "conv1.bias", c1);
    int c2 = TargetTensors.shape(f, "conv2.weight", 4)[0];
    FloatTensor w2 = TargetTensors.require(f, "conv2.weight", c2, c1, 3, 3);
    FloatTensor b2 = TargetTensors.require(f, "conv2.bias", c2);
    int k = TargetTensors.shape(f, "fc.weight", 2)[0];
    FloatTensor wf = TargetTensors.require(f, "fc.weight", k, c2 * SIDE * SIDE);
    FloatTensor bf = TargetTensors.require(f, "fc.bias", k);
    TargetTensors.requireNoOthers(f, LAYER_NAMES.stream().flatMap(l -> Stream.of(l + ".weight", l + ".bias")).toList());
    return new Network(inputShape(), List.of(
        new Conv2d(w1, b1, 1, 1), Activation.relu(),
        new Conv2d(w2, b2, 1, 1), Activation.relu(),
        new Flatten(), new Linear(wf, bf)));
  }

  /** The bundled target. */
  public static Network bundled() throws IOException {
    Path tmp = Files.createTempFile("ltcheck-mnist-target-", ".safetensors");
    try {
      Files.write(tmp, bundledBytes());
      return load(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The bundled file's bytes, checked against {@link #SHA256}. */
  public static byte[] bundledBytes() throws IOException {
    try (InputStream in = MnistCnnTarget.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("classpath resource " + RESOURCE + " is missing from this build");
      }
      byte[] bytes = in.readAllBytes();
      Sha256.verify("classpath:" + RESOURCE, bytes, SHA256);
      return bytes;
    }
  }
}
