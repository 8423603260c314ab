package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.data.Normalization;
import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;

class TargetsTest {
  @TempDir Path dir;

  private static TargetRequest request(String name, String arch, Optional<InputShape> input,
      Optional<TargetDataset> dataset) {
    return new TargetRequest(Optional.of(name), TargetArch.parse(arch), input, ActivationKind.TANH, dataset);
  }

  private Path resnet() throws IOException {
    Path file = dir.resolve("resnet.safetensors");
    CifarResNetTarget.write(file, RandomResNetTarget.stateDict(ResNetPlan.cifarResNet20(), 8,
        RandomResNetTarget.Options.openLth()));
    return file;
  }

  @Test
  void aResNetFileIsRecognisedAndReadsCifarImages() throws IOException {
    Path file = resnet();
    Target auto = Targets.resolve(request(file.toString(), null, Optional.empty(), Optional.empty()), null);
    Target named = Targets.resolve(request(file.toString(), "resnet22", Optional.empty(), Optional.empty()), null);
    assertEquals(auto, named);
    assertEquals(new InputShape(3, 32, 32), auto.inputShape());
    assertEquals(Optional.of(TargetDataset.CIFAR10), auto.dataset());
    assertEquals(Normalization.CIFAR10.maxAbs(), auto.inputBound(), 0);
    assertEquals(20, auto.layers().size());
    assertEquals(List.of("conv", "blocks.0.conv1", "blocks.0.conv2"), auto.layerNames().subList(0, 3));
    assertEquals(CifarResNetTarget.fromStateDict(CifarResNetTarget.stateDict(CifarResNetTarget.load(file,
        Activation.relu())), new int[] {3, 32, 32}, Activation.of(ActivationKind.TANH)), auto.network(),
        "the requested activation replaces ReLU");
    assertTrue(auto.description().residual());

    Target other = Targets.resolve(request(file.toString(), null, Optional.of(new InputShape(3, 16, 16)),
        Optional.empty()), null);
    assertEquals(Optional.empty(), other.dataset(), "3x16x16 images are not CIFAR-10's");
  }

  @Test
  void contradictoryRequestsNameTheOptions() throws IOException {
    Path file = resnet();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Targets.resolve(
        request(file.toString(), null, Optional.of(InputShape.MNIST), Optional.of(TargetDataset.CIFAR10)), null));
    assertTrue(e.getMessage().contains("--input 1x28x28 does not fit the cifar10 images"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Targets.resolve(
        request(Targets.MNIST, null, Optional.empty(), Optional.of(TargetDataset.CIFAR10)), null));
    assertTrue(e.getMessage().contains("--dataset cifar10 does not fit --target mnist"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Targets.resolve(
        request(Targets.RANDOM_RESNET, "cnn", Optional.empty(), Optional.empty()), null));
    assertTrue(e.getMessage().contains("--arch cnn does not fit --target random-resnet22"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Targets.describe(
        request(Targets.MNIST, "conv:1-32-3", Optional.empty(), Optional.empty()), null));
    assertTrue(e.getMessage().contains("mutually exclusive"), e.getMessage());
  }

  @Test
  void aLayerListIsDescribedWithTheRequestedDataset() throws IOException {
    TargetDescription d = Targets.describe(new TargetRequest(Optional.empty(), TargetArch.parse("conv:3-8-3"),
        Optional.empty(), ActivationKind.RELU, Optional.of(TargetDataset.CIFAR10)), null);
    assertEquals(new InputShape(3, 32, 32), d.input());
    assertEquals(Normalization.CIFAR10.maxAbs(), d.inputBound(), 0);
    assertEquals(1.0, Targets.describe(new TargetRequest(Optional.empty(), TargetArch.parse("conv:1-8-3"),
        Optional.empty(), ActivationKind.RELU, Optional.empty()), null).inputBound(), 0);
  }

  @Test
  void inputShapesAboveTheTensorLimitAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InputShape.parse("1x50000x50000"));
    assertTrue(e.getMessage().contains("2,500,000,000 values per image, above the limit of 2,147,483,647"),
        e.getMessage());
    assertEquals(InputShape.MAX_VALUES, new InputShape(1, 1, Integer.MAX_VALUE).channels() * (long) Integer.MAX_VALUE);
  }

  @Test
  void anOnnxGraphKeepsItsActivationsUnlessOneIsRequested() throws Exception {
    String file = Path.of(TargetsTest.class.getResource("onnx/everyop-opset17.onnx").toURI()).toString();
    TargetRequest own = new TargetRequest(Optional.of(file), TargetArch.Family.AUTO, Optional.empty(),
        Optional.empty(), Optional.empty(), java.util.OptionalDouble.of(1));
    IllegalArgumentException pooled = assertThrows(IllegalArgumentException.class, () -> Targets.resolve(own, null));
    // everyop has average pooling, which the constructions do not read; the cnn graph has only their layers
    assertTrue(pooled.getMessage().contains("AvgPool2d"), pooled.getMessage());
    String cnn = Path.of(TargetsTest.class.getResource("onnx/cnn-opset11.onnx").toURI()).toString();
    Target kept = Targets.resolve(new TargetRequest(Optional.of(cnn), TargetArch.Family.AUTO, Optional.empty(),
        Optional.empty(), Optional.empty(), java.util.OptionalDouble.of(1)), null);
    assertEquals(ActivationKind.RELU, kept.layers().get(0).activation().kind());
    Target tanh = Targets.resolve(new TargetRequest(Optional.of(cnn), TargetArch.Family.AUTO, Optional.empty(),
        Optional.of(ActivationKind.TANH), Optional.empty(), java.util.OptionalDouble.of(1)), null);
    assertEquals(ActivationKind.TANH, tanh.layers().get(0).activation().kind());
    assertEquals(List.of("conv1", "/conv2/Conv", "fc"), tanh.layerNames());
  }
}
