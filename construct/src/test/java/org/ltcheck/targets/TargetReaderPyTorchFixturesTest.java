package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ltcheck.fixtures.PyTorchReference;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * ltcheck's forward pass on networks trained and saved by PyTorch
 * ({@code experiments/scripts/make_pytorch_fixtures.py}, files written exactly as
 * {@code safetensors.torch.save_file} writes them) reproduces PyTorch's logits on the recorded batch
 * of test images to 1e-5 relative.
 *
 * <p>This class covers the safetensors files that ltcheck read before the ONNX and {@code .pt}
 * readers. The same fixtures in the other formats ({@code lenet5_maxpool.onnx},
 * {@code mlp_784_500_10.onnx}, {@code cifar_resnet_32.pt}/{@code .onnx}, {@code mnist_lenet_300_100.pt},
 * {@code cifar_vgg_11.pt}) and the malformed files ({@code malformed_*.onnx|pt}) are for the tests of
 * the ONNX importer and of the {@code .pt} reader and model-zoo names, which belong to those readers;
 * they should compare against the same {@link PyTorchReference}.
 */
class TargetReaderPyTorchFixturesTest {
  private static final double RELATIVE = 1e-5;

  /** The inputs in every reference file are the project's normalisation of the recorded pixels. */
  @Test
  void referenceInputsAreTheProjectsNormalisationOfThePixels() {
    for (String name : List.of("sequential_layers_0_2_10", "mlp_784_500_10")) {
      PyTorchReference ref = PyTorchReference.load(name);
      int c = ref.inputs().shape()[1];
      int plane = ref.inputs().shape()[2] * ref.inputs().shape()[3];
      for (int i = 0; i < ref.pixels().length; i++) {
        assertEquals(ref.normalization().apply(i / plane % c, ref.pixels()[i]), ref.inputs().get(i), name + " input " + i);
      }
    }
  }

  /**
   * An {@code nn.Sequential} whose weights are {@code layers.0, .2, .4, .7, .10}: save_file stores
   * {@code layers.10} before {@code layers.2}, and the reader must follow the indices.
   */
  @Test
  void sequentialSafetensorsInNumericLayerOrderMatchesPyTorch() throws IOException {
    PyTorchReference ref = PyTorchReference.load("sequential_layers_0_2_10");
    Target t = Targets.resolve(new TargetRequest(Optional.of(ref.modelFile("safetensors").toString()),
        TargetArch.Family.AUTO, Optional.empty(), ActivationKind.RELU, Optional.empty()), null);
    assertEquals(List.of("layers.0", "layers.2", "layers.4", "layers.7", "layers.10"), t.layerNames());
    ref.assertLogitsMatch(forward(t.network(), ref.inputs()), RELATIVE, ref.name());
  }

  /**
   * open_lth's {@code mnist_lenet_500} names ({@code fc_layers.0}, {@code fc}) sort against the layer
   * order, so this test builds the MLP from the file by name; reading the names through
   * {@code --arch mnist_lenet_500} is the model zoo's test.
   */
  @Test
  void mlpSafetensorsMatchesPyTorch() throws IOException {
    PyTorchReference ref = PyTorchReference.load("mlp_784_500_10");
    SafetensorsFile f = SafetensorsFile.read(ref.modelFile("safetensors"));
    Network mlp = new Network(new int[] {1, 28, 28}, List.of(new Flatten(),
        new Linear(f.floatTensor("fc_layers.0.weight", 500, 784), f.floatTensor("fc_layers.0.bias", 500)),
        Activation.relu(), new Linear(f.floatTensor("fc.weight", 10, 500), f.floatTensor("fc.bias", 10))));
    ref.assertLogitsMatch(forward(mlp, ref.inputs()), RELATIVE, ref.name());
  }

  private static FloatTensor forward(Network net, FloatTensor batch) {
    try (InferenceEngine engine = new InferenceEngine(net, 1)) {
      return engine.forward(batch);
    }
  }
}
