package org.ltcheck.targets.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * open_lth's {@code cifar_vgg_D} (D = 11, 13, 16, 19) with batch norm: {@code layers.i} is either
 * a conv module ({@code layers.i.conv}, 3x3 padding 1 with bias; {@code layers.i.bn}; ReLU) or a
 * 2x2 stride-2 max pooling ('M' in the plan, which takes an index but has no tensors); then
 * {@code nn.AvgPool2d(2)}, flatten and {@code fc} (512 → classes). On CIFAR-10's 32x32 images the
 * map is 2x2 by then, so the average pooling is the global one, which the constructions and the
 * training backends handle as such.
 *
 * @param depth 11, 13, 16 or 19
 */
public record CifarVgg(int depth) implements ZooModel {
  /** A max pooling entry of a plan. */
  private static final int M = 0;

  /** open_lth's plans ('M' as {@value #M}). */
  private static final Map<Integer, int[]> PLANS = Map.of(
      11, new int[] {64, M, 128, M, 256, 256, M, 512, 512, M, 512, 512},
      13, new int[] {64, 64, M, 128, 128, M, 256, 256, M, 512, 512, M, 512, 512},
      16, new int[] {64, 64, M, 128, 128, M, 256, 256, 256, M, 512, 512, 512, M, 512, 512, 512},
      19, new int[] {64, 64, M, 128, 128, M, 256, 256, 256, 256, M, 512, 512, 512, 512, M, 512, 512, 512, 512});

  public CifarVgg {
    if (!PLANS.containsKey(depth)) {
      throw new IllegalArgumentException("cifar_vgg depth must be 11, 13, 16 or 19, got " + depth);
    }
  }

  /** The VGG with {@code convolutions} conv modules (8, 10, 13 or 16), if there is one. */
  public static java.util.Optional<CifarVgg> withConvolutions(int convolutions) {
    return PLANS.entrySet().stream()
        .filter(e -> java.util.Arrays.stream(e.getValue()).filter(v -> v != M).count() == convolutions)
        .map(e -> new CifarVgg(e.getKey())).findFirst();
  }

  @Override
  public String name() {
    return "cifar_vgg_" + depth;
  }

  @Override
  public int[] inputShape() {
    return new int[] {3, 32, 32};
  }

  @Override
  public List<ZooLayer> layers(int[] inputShape, int classes) {
    List<ZooLayer> layers = new ArrayList<>();
    int[] plan = PLANS.get(depth);
    int in = inputShape[0];
    int height = inputShape[1];
    int width = inputShape[2];
    for (int i = 0; i < plan.length; i++) {
      if (plan[i] == M) {
        layers.add(new ZooLayer.MaxPool(2, 2));
        height /= 2;
        width /= 2;
      } else {
        layers.add(new ZooLayer.Conv("layers." + i + ".conv", in, plan[i], 3, 1, 1, true));
        layers.add(new ZooLayer.Norm("layers." + i + ".bn", plan[i]));
        layers.add(new ZooLayer.Activation());
        in = plan[i];
      }
    }
    if (height == 2 && width == 2) {
      layers.add(new ZooLayer.GlobalAvgPool());
    } else {
      layers.add(new ZooLayer.AvgPool(2, 2));
      layers.add(new ZooLayer.Flatten());
    }
    layers.add(new ZooLayer.Dense("fc", in, classes));
    return layers;
  }

  @Override
  public String toString() {
    return name();
  }
}
