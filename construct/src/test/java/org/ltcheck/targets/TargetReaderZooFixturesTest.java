package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ltcheck.fixtures.PyTorchReference;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.io.torch.TorchFormatException;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The fixtures PyTorch trained and saved ({@code experiments/scripts/make_pytorch_fixtures.py})
 * read through the {@code .pt} reader and the zoo names reproduce PyTorch's logits to 1e-5
 * relative, in every format the script wrote, by name and recognised from the tensor names.
 */
class TargetReaderZooFixturesTest {
  private static final double RELATIVE = 1e-5;

  private static Target read(Path file, String arch) throws IOException {
    return Targets.resolve(new TargetRequest(Optional.of(file.toString()), TargetArch.parse(arch), Optional.empty(),
        ActivationKind.RELU, Optional.empty()), null);
  }

  private static void assertMatches(PyTorchReference ref, Target t, String what) {
    assertMatches(ref, t, what, RELATIVE);
  }

  private static void assertMatches(PyTorchReference ref, Target t, String what, double relative) {
    try (InferenceEngine e = new InferenceEngine(t.network(), 1)) {
      ref.assertLogitsMatch(e.forward(ref.inputs()), relative, what);
    }
  }

  /** Each format of {@code model} under {@code arch} and under auto. */
  private static void assertEveryFormatMatches(String model, String arch) throws IOException {
    assertEveryFormatMatches(model, arch, RELATIVE);
  }

  private static void assertEveryFormatMatches(String model, String arch, double relative) throws IOException {
    PyTorchReference ref = PyTorchReference.load(model);
    for (String format : List.of("pt", "safetensors")) {
      if (!ref.json().get("files").has(format)) {
        continue;
      }
      Path file = ref.modelFile(format);
      Target named = read(file, arch);
      assertMatches(ref, named, model + "." + format + " --arch " + arch, relative);
      Target auto = read(file, null);
      assertMatches(ref, auto, model + "." + format + " recognised", relative);
      assertEquals(named.layerNames(), auto.layerNames());
    }
  }

  private static boolean has(String fixture) {
    return PyTorchReference.class.getResource(PyTorchReference.FOLDER + fixture) != null;
  }

  @Test
  void openLthLeNetsMatchPyTorch() throws IOException {
    assertEveryFormatMatches("mnist_lenet_300_100", "mnist_lenet_300_100");
    assertEveryFormatMatches("mlp_784_500_10", "mnist_lenet_500");
  }

  @Test
  void aSequentialTorchSaveFileFollowsItsLayerIndices() throws IOException {
    PyTorchReference ref = PyTorchReference.load("sequential_layers_0_2_10");
    Target t = read(ref.modelFile("pt"), null);
    assertEquals(List.of("layers.0", "layers.2", "layers.4", "layers.7", "layers.10"), t.layerNames());
    assertMatches(ref, t, "sequential_layers_0_2_10.pt");
  }

  @Test
  void anOpenLthResNet32MatchesPyTorch() throws IOException {
    assertEveryFormatMatches("cifar_resnet_32", "cifar_resnet_32");
  }

  /**
   * The VGG fixture is random and 99% pruned, so its logits (largest 0.17) are small against its
   * hidden activations: PyTorch's own float32 logits differ from its float64 ones by 2.7e-6, 1.5e-5
   * of the largest logit (measured with the fixture script's module). 1e-5 is below float32's noise
   * for this network; 1e-4 still catches any wrong layer, which moves logits by whole percents.
   */
  @Test
  void anOpenLthVggMatchesPyTorch() throws IOException {
    assumeTrue(has("cifar_vgg_11.reference.json"), "no cifar_vgg_11 fixture");
    assertEveryFormatMatches("cifar_vgg_11", "cifar_vgg_11", 1e-4);
  }

  @Test
  void malformedTorchFilesAreRefusedNamingTheProblem() {
    TorchFormatException global = assertThrows(TorchFormatException.class,
        () -> read(PyTorchReference.file("malformed_global.pt"), null));
    assertTrue(global.getMessage().contains("refusing the pickle global"), global.getMessage());
    assertTrue(global.getMessage().contains("system'"), global.getMessage());
    IOException truncated = assertThrows(IOException.class,
        () -> read(PyTorchReference.file("malformed_truncated.pt"), null));
    assertTrue(truncated.getMessage().contains("malformed_truncated.pt"), truncated.getMessage());
  }
}
