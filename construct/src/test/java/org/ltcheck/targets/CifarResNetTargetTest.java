package org.ltcheck.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

class CifarResNetTargetTest {
  private static final ResNetPlan SMALL = new ResNetPlan(3, 8, new int[] {4, 6}, 2, 5);

  private static SortedMap<String, FloatTensor> small(RandomResNetTarget.IdentityShortcut identity) {
    return RandomResNetTarget.stateDict(SMALL, 3, new RandomResNetTarget.Options(identity, true, 0.1));
  }

  @Test
  void resNet20HasOpenLthsStructureAndParameterCount() {
    ResNetPlan plan = ResNetPlan.cifarResNet20();
    SortedMap<String, FloatTensor> sd = RandomResNetTarget.stateDict(plan, 1, RandomResNetTarget.Options.openLth());
    long trainable = sd.entrySet().stream()
        .filter(e -> !e.getKey().contains("running_") && !e.getKey().endsWith("shortcut.weight"))
        .mapToLong(e -> e.getValue().size())
        .sum();
    assertEquals(272_474, trainable, "open_lth cifar_resnet_20 with 1x1 convolution shortcuts");
    Network net = CifarResNetTarget.fromStateDict(sd, plan.inputShape(), Activation.relu());
    assertEquals(10, net.outputShape()[0]);
    assertEquals(9, net.layers().stream().filter(l -> l instanceof ResidualBlock).count());
    List<TargetLayer> layers = TargetLayers.of(net);
    assertEquals(20, layers.size(), "19 convolutions and the head");
    assertEquals(9, layers.stream().filter(TargetLayer::hasSkip).count());
    assertEquals(TargetLayer.Reshape.GLOBAL_AVG_POOL, layers.get(19).before());
    TargetLayer down = layers.get(8); // segment 2's first block, second convolution
    assertEquals(2, down.skip().stride());
    assertEquals(16, down.skip().inChannels());
    assertEquals(2, ((Conv2d) ((ResidualBlock) net.layers().get(6)).body().get(0)).stride());
  }

  @Test
  void stateDictRoundTripsThroughNetworkAndFile(@TempDir Path dir) throws IOException {
    for (RandomResNetTarget.IdentityShortcut identity : RandomResNetTarget.IdentityShortcut.values()) {
      SortedMap<String, FloatTensor> sd = small(identity);
      Network net = CifarResNetTarget.fromStateDict(sd, SMALL.inputShape(), Activation.relu());
      assertEquals(sd, CifarResNetTarget.stateDict(net));
      Path file = dir.resolve(identity + ".safetensors");
      CifarResNetTarget.write(file, sd);
      assertEquals(net, CifarResNetTarget.load(file, SMALL.inputShape(), Activation.relu()));
    }
  }

  @Test
  void sameSeedSameTarget() {
    assertEquals(small(RandomResNetTarget.IdentityShortcut.RANDOM_SCALE), small(RandomResNetTarget.IdentityShortcut.RANDOM_SCALE));
  }

  @Test
  void nonFiniteValuesAreRejectedNamingTheTensor() {
    SortedMap<String, FloatTensor> sd = small(RandomResNetTarget.IdentityShortcut.ONES);
    float[] w = sd.get("blocks.1.conv2.weight").toArray();
    w[5] = Float.NaN;
    sd.put("blocks.1.conv2.weight", FloatTensor.wrap(w, sd.get("blocks.1.conv2.weight").shape()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CifarResNetTarget.fromStateDict(sd, SMALL.inputShape(), Activation.relu()));
    assertTrue(e.getMessage().contains("'blocks.1.conv2.weight'") && e.getMessage().contains("NaN"), e.getMessage());

    SortedMap<String, FloatTensor> inf = small(RandomResNetTarget.IdentityShortcut.ONES);
    inf.put("bn.running_var", FloatTensor.wrap(new float[] {1, 1, Float.POSITIVE_INFINITY, 1}, 4));
    e = assertThrows(IllegalArgumentException.class,
        () -> CifarResNetTarget.fromStateDict(inf, SMALL.inputShape(), Activation.relu()));
    assertTrue(e.getMessage().contains("'bn.running_var'"), e.getMessage());
  }

  @Test
  void wrongShapesMissingAndUnknownTensorsAreNamed() {
    SortedMap<String, FloatTensor> shape = small(RandomResNetTarget.IdentityShortcut.ONES);
    shape.put("fc.weight", FloatTensor.zeros(5, 4));
    assertMessage(shape, "'fc.weight'");
    SortedMap<String, FloatTensor> missing = small(RandomResNetTarget.IdentityShortcut.ONES);
    missing.remove("blocks.2.bn1.running_mean");
    assertMessage(missing, "'blocks.2.bn1.running_mean'");
    SortedMap<String, FloatTensor> unknown = small(RandomResNetTarget.IdentityShortcut.ONES);
    unknown.put("blocks.7.conv1.weight", FloatTensor.zeros(6, 6, 3, 3));
    assertMessage(unknown, "blocks.7.conv1.weight");
    SortedMap<String, FloatTensor> widthChange = small(RandomResNetTarget.IdentityShortcut.ONES);
    widthChange.keySet().removeIf(k -> k.startsWith("blocks.2.shortcut"));
    assertMessage(widthChange, "blocks.2.shortcut.0.weight");
  }

  private static void assertMessage(SortedMap<String, FloatTensor> sd, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CifarResNetTarget.fromStateDict(sd, SMALL.inputShape(), Activation.relu()));
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void masksMultiplyAndBatchCountersAreIgnored(@TempDir Path dir) throws IOException {
    SortedMap<String, FloatTensor> sd = small(RandomResNetTarget.IdentityShortcut.PLAIN);
    float[] mask = new float[sd.get("conv.weight").size()];
    mask[0] = 1;
    SafetensorsWriter w = new SafetensorsWriter();
    new TreeMap<>(sd).forEach(w::putFloat);
    w.putFloat("conv.weight_mask", FloatTensor.wrap(mask, sd.get("conv.weight").shape()));
    w.putLong("bn.num_batches_tracked", new long[] {7}, new int[0]);
    Path file = dir.resolve("masked.safetensors");
    w.write(file);
    Network net = CifarResNetTarget.load(file, SMALL.inputShape(), Activation.relu());
    FloatTensor stem = ((Conv2d) net.layers().get(0)).weight();
    assertEquals(sd.get("conv.weight").get(0), stem.get(0));
    assertEquals(1, stem.countNonZero() <= 1 ? 1 : 0, "the mask keeps only the first weight");
    SafetensorsWriter bad = new SafetensorsWriter();
    new TreeMap<>(sd).forEach(bad::putFloat);
    bad.putFloat("fc.weight_mask", FloatTensor.zeros(2, 2));
    Path badFile = dir.resolve("bad.safetensors");
    bad.write(badFile);
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
        () -> CifarResNetTarget.load(badFile, SMALL.inputShape(), Activation.relu()));
    assertTrue(e.getMessage().contains("fc.weight_mask"), e.getMessage());
  }

  @Test
  void variantsReplaceEveryActivation() {
    Network net = CifarResNetTarget.fromStateDict(small(RandomResNetTarget.IdentityShortcut.ONES), SMALL.inputShape(),
        Activation.relu());
    Network tanh = TargetVariants.withActivation(net, Activation.of(ActivationKind.TANH));
    List<TargetLayer> layers = TargetLayers.of(tanh);
    for (int l = 0; l < layers.size() - 1; l++) {
      assertEquals(ActivationKind.TANH, layers.get(l).activation().kind());
    }
    assertEquals(ActivationKind.IDENTITY, layers.get(layers.size() - 1).activation().kind());
    assertEquals(TargetLayers.of(net).get(3).skip(), layers.get(3).skip(), "weights are unchanged");
  }
}
