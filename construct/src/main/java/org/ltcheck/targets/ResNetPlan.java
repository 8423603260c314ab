package org.ltcheck.targets;

import java.util.Arrays;
import org.ltcheck.targets.zoo.CifarResNet;

/**
 * The shape of an open_lth CIFAR ResNet ({@code cifar_resnet_N_W}): a 3x3 stem convolution to
 * {@code widths[0]} channels, then one segment of {@code blocksPerSegment} residual blocks per
 * entry of {@code widths}; the first block of every segment but the first downsamples (stride 2,
 * 1x1 stride-2 convolution + batch-norm shortcut), the others have identity shortcuts; global
 * average pooling and a linear head to {@code classes}.
 *
 * @param inChannels image channels (3 for CIFAR-10)
 * @param imageSize image height and width (32 for CIFAR-10)
 * @param widths filters per segment (16, 32, 64 for ResNet-20)
 * @param blocksPerSegment residual blocks per segment (3 for ResNet-20: 2 + 6·3 = 20 layers)
 * @param classes outputs of the linear head
 */
public record ResNetPlan(int inChannels, int imageSize, int[] widths, int blocksPerSegment, int classes) {
  public ResNetPlan {
    widths = widths.clone();
    if (inChannels < 1 || imageSize < 1 || classes < 1 || blocksPerSegment < 1 || widths.length == 0) {
      throw new IllegalArgumentException(
          "invalid ResNet plan: " + inChannels + " channels, size " + imageSize + ", widths "
              + Arrays.toString(widths) + ", " + blocksPerSegment + " blocks per segment, " + classes + " classes");
    }
    for (int w : widths) {
      if (w < 1) {
        throw new IllegalArgumentException("segment width must be positive, got " + Arrays.toString(widths));
      }
    }
    if (imageSize >> (widths.length - 1) < 1) {
      throw new IllegalArgumentException(
          "image size " + imageSize + " cannot be halved " + (widths.length - 1) + " times");
    }
  }

  /** open_lth {@code cifar_resnet_20} (the paper's ResNet-22 when the two 1x1 shortcuts are counted). */
  public static ResNetPlan cifarResNet20() {
    return of(new CifarResNet(20, CifarResNet.DEFAULT_WIDTH));
  }

  /** The plan of a zoo {@code cifar_resnet_D[_W]} for CIFAR-10: widths W, 2W, 4W, (D − 2)/6 blocks each. */
  public static ResNetPlan of(CifarResNet model) {
    return new ResNetPlan(3, 32, model.widths(), model.blocksPerSegment(), 10);
  }

  @Override
  public int[] widths() {
    return widths.clone();
  }

  public int segments() {
    return widths.length;
  }

  public int blocks() {
    return segments() * blocksPerSegment;
  }

  /** Filters of block {@code b} (0-based over all segments). */
  public int blockWidth(int b) {
    return widths[b / blocksPerSegment];
  }

  /** Whether block {@code b} opens a segment after the first: stride 2 and a convolution shortcut. */
  public boolean downsamples(int b) {
    return b % blocksPerSegment == 0 && b > 0;
  }

  /** Per-sample input shape (C, H, W). */
  public int[] inputShape() {
    return new int[] {inChannels, imageSize, imageSize};
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResNetPlan p && inChannels == p.inChannels && imageSize == p.imageSize
        && Arrays.equals(widths, p.widths) && blocksPerSegment == p.blocksPerSegment && classes == p.classes;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(widths) * 31 + blocksPerSegment;
  }

  @Override
  public String toString() {
    return "ResNetPlan[" + inChannels + "x" + imageSize + "x" + imageSize + ", widths " + Arrays.toString(widths)
        + " x " + blocksPerSegment + " blocks, " + classes + " classes]";
  }
}
