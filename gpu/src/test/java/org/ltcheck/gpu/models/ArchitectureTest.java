package org.ltcheck.gpu.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.gpu.train.TrainableNetwork;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.TensorInfo;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.tensor.FloatTensor;

class ArchitectureTest {
  private final Random rnd = new Random(11);

  @Test
  void mnistCnnHasExactlyTheTargetFilesTensorNamesAndShapes(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("target.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/org/ltcheck/targets/mnist-cnn-target.safetensors")) {
      Files.copy(in, target);
    }
    SafetensorsFile f = SafetensorsFile.read(target);
    Map<String, FloatTensor> ours = Architecture.MNIST_CNN.initialise(new SplittableRandom(rnd.nextLong())).stateDict();
    assertEquals(List.copyOf(f.header().tensors().keySet()), List.copyOf(ours.keySet()));
    for (TensorInfo t : f.header().tensors().values()) {
      assertArrayEquals(t.shape(), ours.get(t.name()).shape(), t.name());
    }
    // The target file itself loads into our architecture.
    NamedNetwork loaded = Architecture.MNIST_CNN.initialise(new SplittableRandom(0)).withStateDict(
        Map.of("conv1.weight", f.floatTensor("conv1.weight"), "conv1.bias", f.floatTensor("conv1.bias"),
            "conv2.weight", f.floatTensor("conv2.weight"), "conv2.bias", f.floatTensor("conv2.bias"),
            "fc.weight", f.floatTensor("fc.weight"), "fc.bias", f.floatTensor("fc.bias")));
    assertEquals(29, loaded.stateDict().get("conv1.weight").countNonZero());
  }

  @Test
  void resnet22HasOpenLthNamesAndParameterCount() {
    Map<String, FloatTensor> sd = Architecture.CIFAR_RESNET_20.initialise(new SplittableRandom(rnd.nextLong())).stateDict();
    assertArrayEquals(new int[] {16, 3, 3, 3}, sd.get("conv.weight").shape());
    assertArrayEquals(new int[] {16}, sd.get("bn.running_var").shape());
    assertArrayEquals(new int[] {16, 1, 1}, sd.get("blocks.0.shortcut.weight").shape());
    assertArrayEquals(new int[] {32, 16, 1, 1}, sd.get("blocks.3.shortcut.0.weight").shape());
    assertArrayEquals(new int[] {32}, sd.get("blocks.3.shortcut.1.running_mean").shape());
    assertArrayEquals(new int[] {64, 32, 3, 3}, sd.get("blocks.6.conv1.weight").shape());
    assertArrayEquals(new int[] {64, 64, 3, 3}, sd.get("blocks.8.conv2.weight").shape());
    assertArrayEquals(new int[] {10, 64}, sd.get("fc.weight").shape());
    assertTrue(!sd.containsKey("conv.bias") && !sd.containsKey("blocks.0.conv1.bias"), "open_lth convs have no bias");
    long convAndLinear = sd.entrySet().stream()
        .filter(e -> e.getKey().endsWith(".weight") && (e.getValue().rank() == 2 || e.getValue().rank() == 4))
        .mapToLong(e -> e.getValue().size()).sum();
    // 20 3x3 convs + 2 1x1 shortcut convs + fc: the 22 layers of "ResNet-22".
    long layers = sd.entrySet().stream().filter(e -> e.getKey().endsWith(".weight") && e.getValue().rank() == 4
        && e.getValue().dim(1) > 1 || e.getKey().equals("conv.weight")).count();
    assertEquals(22, layers + 1);
    assertEquals(16 * 27 + 6 * 16 * 144 + 32 * 144 + 5 * 32 * 288 + 64 * 288 + 5 * 64 * 576 + 32 * 16 + 64 * 32 + 640,
        convAndLinear);
  }

  @Test
  void initialisationIsAPureFunctionOfTheGeneratorAndKaimingScaled() {
    long seed = rnd.nextLong();
    NamedNetwork a = Architecture.CIFAR_RESNET_20.initialise(new SplittableRandom(seed));
    assertEquals(a.network(), Architecture.CIFAR_RESNET_20.initialise(new SplittableRandom(seed)).network());
    assertNotEquals(a.network(), Architecture.CIFAR_RESNET_20.initialise(new SplittableRandom(seed + 1)).network());
    float[] w = Architecture.MNIST_CNN.initialise(new SplittableRandom(seed)).stateDict().get("conv2.weight").toArray();
    double var = 0;
    for (float v : w) {
      var += v * v;
    }
    assertEquals(2.0 / 288, var / w.length, 0.1 * 2.0 / 288, "Kaiming normal variance 2/fan_in");
  }

  @Test
  void exportAfterUploadReturnsTheSameRecordsBitForBit() {
    try (CpuBackend b = CpuBackend.create(1, GemmKind.JAVA)) {
      NamedNetwork n = Architecture.CIFAR_RESNET_20.initialise(new SplittableRandom(rnd.nextLong()));
      try (TrainableNetwork t = TrainableNetwork.build(b, n)) {
        assertEquals(n, t.export());
      }
    }
  }

  @Test
  void theResNetIsConstructsOneUnderOneNameWithItsAliases() {
    assertEquals("cifar_resnet_20", Architecture.CIFAR_RESNET_20.cliName());
    for (String alias : List.of("cifar_resnet_20", "resnet20", "resnet22", "ResNet22")) {
      assertEquals(Architecture.CIFAR_RESNET_20, Architecture.parse(alias), alias);
    }
    assertEquals("resnet22", Architecture.CIFAR_RESNET_20.runLabel(), "fingerprints of existing checkpoints");
    ResNetPlan plan = ResNetPlan.cifarResNet20();
    assertArrayEquals(plan.inputShape(), Architecture.CIFAR_RESNET_20.inputShape());
    assertEquals(RandomResNetTarget.stateDict(plan, 1, RandomResNetTarget.Options.openLth()).keySet(),
        new java.util.TreeSet<>(Architecture.CIFAR_RESNET_20.initialise(new SplittableRandom(1)).stateDict().keySet()));
  }

  @Test
  void parseNamesTheRejectedModel() {
    assertEquals(Architecture.CIFAR_RESNET_20, Architecture.parse("resnet20"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse("vgg"));
    assertTrue(e.getMessage().contains("'vgg'"));
  }

  @Test
  void zooNamesInitialiseTheirOwnStructureWithFingerprintLabelsOfTheirOwn() {
    Architecture r32 = Architecture.parse("cifar_resnet_32");
    assertEquals("cifar_resnet_32", r32.runLabel());
    assertEquals(org.ltcheck.targets.TargetDataset.CIFAR10, r32.dataset());
    Map<String, FloatTensor> sd = r32.initialise(new SplittableRandom(1)).stateDict();
    assertArrayEquals(new int[] {64, 64, 3, 3}, sd.get("blocks.14.conv2.weight").shape());
    assertTrue(!sd.containsKey("blocks.15.conv1.weight"));
    Architecture lenet = Architecture.parse("mnist_lenet_300_100");
    assertEquals(org.ltcheck.targets.TargetDataset.MNIST, lenet.dataset());
    assertEquals(List.of("fc_layers.0.weight", "fc_layers.0.bias", "fc_layers.1.weight", "fc_layers.1.bias",
        "fc.weight", "fc.bias"), List.copyOf(lenet.initialise(new SplittableRandom(1)).stateDict().keySet()));
    assertArrayEquals(new int[] {100, 300}, lenet.initialise(new SplittableRandom(1)).stateDict().get("fc_layers.1.weight").shape());
    assertEquals(Architecture.CIFAR_RESNET_20, Architecture.parse("cifar_resnet_20_16"));
    assertEquals("mnist-cnn", Architecture.MNIST_CNN.runLabel(), "fingerprints of existing checkpoints");
    assertEquals(Architecture.MNIST_CNN, Architecture.valueOf("MNIST_CNN"));
    assertEquals(Architecture.CIFAR_RESNET_20, Architecture.valueOf("CIFAR_RESNET_20"));
    assertTrue(Architecture.parse("cifar_vgg_19").initialise(new SplittableRandom(1)).stateDict()
        .containsKey("layers.18.conv.bias"));
  }
}
