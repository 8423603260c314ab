package org.ltcheck.targets.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.ltcheck.fixtures.PyTorchReference;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.targets.Target;
import org.ltcheck.targets.TargetArch;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.targets.TargetRequest;
import org.ltcheck.targets.Targets;
import org.ltcheck.tensor.FloatTensor;

/**
 * The project's PyTorch fixtures in ONNX ({@code experiments/scripts/make_pytorch_fixtures.py},
 * networks trained on MNIST, opset 13), read the way every command reads a target
 * ({@link Targets#resolve}): ltcheck's forward pass reproduces PyTorch's logits on the recorded
 * test images to 1e-5 relative, and the malformed files are one line each.
 */
class OnnxTargetPyTorchFixturesTest {
  private static final double RELATIVE = 1e-5;

  private static Target resolve(String file) throws IOException {
    return Targets.resolve(new TargetRequest(Optional.of(file), TargetArch.Family.AUTO, Optional.empty(),
        Optional.empty(), Optional.empty(), OptionalDouble.empty()), null);
  }

  private static FloatTensor forward(Target t, FloatTensor batch) {
    try (InferenceEngine e = new InferenceEngine(t.network(), 1)) {
      return e.forward(batch);
    }
  }

  @Test
  void leNet5WithMaxPoolingMatchesPyTorch() throws IOException {
    PyTorchReference ref = PyTorchReference.load("lenet5_maxpool");
    Target t = resolve(ref.modelFile("onnx").toString());
    assertEquals(Optional.of(TargetDataset.MNIST), t.dataset());
    assertEquals(List.of("conv1", "conv2", "fc1", "fc2", "fc3"), t.layerNames());
    assertEquals(2, t.network().layers().stream().filter(MaxPool2d.class::isInstance).count());
    ref.assertLogitsMatch(forward(t, ref.inputs()), RELATIVE, ref.name());
  }

  @Test
  void mlp784To500To10MatchesPyTorch() throws IOException {
    PyTorchReference ref = PyTorchReference.load("mlp_784_500_10");
    Target t = resolve(ref.modelFile("onnx").toString());
    assertEquals(List.of("fc_layers.0", "fc"), t.layerNames());
    ref.assertLogitsMatch(forward(t, ref.inputs()), RELATIVE, ref.name());
  }

  @Test
  void malformedFixturesAreOneLineNamingTheFile() {
    for (String name : List.of("malformed_softmax.onnx", "malformed_truncated.onnx")) {
      String file = PyTorchReference.file(name).toString();
      OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> resolve(file));
      assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertTrue(e.getMessage().contains(name.contains("softmax") ? "(Softmax) is not supported"
          : "not a readable ONNX model"), e.getMessage());
    }
  }
}
