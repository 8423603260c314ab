package org.ltcheck.targets.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.tensor.FloatTensor;

class ZooModelTest {
  /** Zero parameters of the asked shapes, recording the order they were asked for. */
  private static final class Zeros implements ZooParameters {
    final List<String> asked = new ArrayList<>();

    @Override
    public Conv2d conv(ZooLayer.Conv c) {
      asked.add(c.name());
      return new Conv2d(FloatTensor.zeros(c.out(), c.in(), c.kernel(), c.kernel()),
          c.bias() ? FloatTensor.zeros(c.out()) : null, c.stride(), c.padding());
    }

    @Override
    public Linear linear(ZooLayer.Dense d) {
      asked.add(d.name());
      return new Linear(FloatTensor.zeros(d.out(), d.in()), FloatTensor.zeros(d.out()));
    }

    @Override
    public BatchNorm2d batchNorm(ZooLayer.Norm n) {
      asked.add(n.name());
      return new BatchNorm2d(FloatTensor.zeros(n.channels()), FloatTensor.zeros(n.channels()),
          FloatTensor.zeros(n.channels()), FloatTensor.zeros(n.channels()), BatchNorm2d.PYTORCH_EPS);
    }

    @Override
    public Optional<ChannelScale> identityScale(ZooLayer.IdentityScale s) {
      return Optional.empty();
    }
  }

  private static ZooNetwork build(String name) {
    ZooModel m = ZooModel.parse(name);
    return ZooNetwork.build(m.layers(m.inputShape(), 10), m.inputShape(), new Zeros(), Activation.relu());
  }

  @Test
  void namesParseToTheirCanonicalSpelling() {
    assertEquals(new CifarResNet(20, 16), ZooModel.parse("resnet20"));
    assertEquals(new CifarResNet(20, 16), ZooModel.parse("ResNet22"));
    assertEquals(new CifarResNet(20, 16), ZooModel.parse("cifar_resnet_20_16"));
    assertEquals("cifar_resnet_20", ZooModel.parse("cifar_resnet_20_16").name());
    assertEquals("cifar_resnet_56_32", ZooModel.parse("cifar_resnet_56_32").name());
    assertEquals(new LeNet(List.of(300, 100)), ZooModel.parse("mnist_lenet_300_100"));
    assertEquals("mnist_lenet_300_100", ZooModel.parse("MNIST_LENET_300_100").name());
    assertEquals(new CifarVgg(16), ZooModel.parse("cifar_vgg_16"));
    assertTrue(ZooModel.named("vgg").isEmpty());
  }

  @Test
  void badNamesSayWhatIsWrong() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZooModel.parse("cifar_resnet_21")).getMessage()
        .contains("depth must be 6k+2"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZooModel.parse("cifar_resnet_2")).getMessage()
        .contains("depth must be 6k+2"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZooModel.parse("cifar_vgg_12")).getMessage()
        .contains("11, 13, 16 or 19"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZooModel.parse("mnist_lenet_0")).getMessage()
        .contains("positive hidden sizes"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ZooModel.parse("cifar_resnet_99999999999"))
        .getMessage().contains("too large"));
  }

  @Test
  void resNetsHaveOpenLthsNamesAndShapesAtAnyDepthAndWidth() {
    ZooNetwork r32 = build("cifar_resnet_32");
    // 5 blocks per segment: 1 stem + 15 blocks x 2 convs + fc
    assertEquals(32, r32.weightLayers().size());
    assertEquals(List.of("conv", "blocks.0.conv1", "blocks.0.conv2"), r32.weightLayers().subList(0, 3));
    assertTrue(r32.tensorLayers().containsAll(List.of("blocks.5.shortcut.0", "blocks.5.shortcut.1",
        "blocks.10.shortcut.0")));
    assertTrue(!r32.tensorLayers().contains("blocks.4.shortcut.0") && !r32.tensorLayers().contains("blocks.15.conv1"));
    assertArrayEquals(new int[] {10}, r32.network().outputShape());
    CifarResNet wide = new CifarResNet(14, 8);
    assertArrayEquals(new int[] {8, 16, 32}, wide.widths());
    assertEquals(2, wide.blocksPerSegment());
    ZooNetwork w = build("cifar_resnet_14_8");
    Linear fc = (Linear) w.network().layers().get(w.network().layers().size() - 1);
    assertEquals(32, fc.inFeatures());
  }

  @Test
  void vggPlansCountMaxPoolsInTheLayerIndices() {
    ZooNetwork v11 = build("cifar_vgg_11");
    assertEquals(List.of("layers.0.conv", "layers.2.conv", "layers.4.conv", "layers.5.conv", "layers.7.conv",
        "layers.8.conv", "layers.10.conv", "layers.11.conv", "fc"), v11.weightLayers());
    assertEquals(4, v11.network().layers().stream().filter(l -> l instanceof MaxPool2d).count());
    assertArrayEquals(new int[] {10}, v11.network().outputShape());
    for (int[] depthAndConvs : new int[][] {{11, 8}, {13, 10}, {16, 13}, {19, 16}}) {
      ZooNetwork v = build("cifar_vgg_" + depthAndConvs[0]);
      assertEquals(depthAndConvs[1] + 1, v.weightLayers().size(), "convs + fc");
      assertEquals(Optional.of(new CifarVgg(depthAndConvs[0])), CifarVgg.withConvolutions(depthAndConvs[1]));
    }
  }

  @Test
  void leNetFlattensTheImage() {
    Zeros z = new Zeros();
    LeNet m = new LeNet(List.of(300, 100));
    ZooNetwork n = ZooNetwork.build(m.layers(m.inputShape(), 10), m.inputShape(), z, Activation.relu());
    assertEquals(List.of("fc_layers.0", "fc_layers.1", "fc"), z.asked);
    assertEquals(784, ((Linear) n.network().layers().get(1)).inFeatures());
  }

  @Test
  void parametersAreAskedForInModuleOrderBodyBeforeShortcut() {
    Zeros z = new Zeros();
    CifarResNet m = new CifarResNet(8, 4);
    ZooNetwork.build(m.layers(m.inputShape(), 10), m.inputShape(), z, Activation.relu());
    assertEquals(List.of("conv", "bn", "blocks.0.conv1", "blocks.0.bn1", "blocks.0.conv2", "blocks.0.bn2",
        "blocks.1.conv1", "blocks.1.bn1", "blocks.1.conv2", "blocks.1.bn2", "blocks.1.shortcut.0", "blocks.1.shortcut.1",
        "blocks.2.conv1", "blocks.2.bn1", "blocks.2.conv2", "blocks.2.bn2", "blocks.2.shortcut.0", "blocks.2.shortcut.1",
        "fc"), z.asked);
  }
}
