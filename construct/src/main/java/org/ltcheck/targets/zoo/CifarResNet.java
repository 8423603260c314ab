package org.ltcheck.targets.zoo;

import java.util.ArrayList;
import java.util.List;

/**
 * open_lth's {@code cifar_resnet_D[_W]}: a 3x3 stem convolution {@code conv} (no bias) to W
 * channels with batch norm {@code bn}, three segments of (D − 2)/6 residual blocks with W, 2W
 * and 4W filters, global average pooling and {@code fc}. Block {@code blocks.i}: conv1 (3x3,
 * stride 2 when it opens the second or third segment), bn1, ReLU, conv2 (3x3), bn2, plus the
 * shortcut, then ReLU. A downsampling block's shortcut is {@code shortcut.0} (1x1 stride-2
 * convolution) and {@code shortcut.1} (batch norm); the others are identities (see
 * {@link ZooLayer.IdentityScale}). {@code cifar_resnet_20} is the paper's "ResNet-22".
 *
 * @param depth D = 6k + 2, k ≥ 1: 2 + 6k weight layers on the main path
 * @param width W, the stem's and first segment's filters (16 unless the name says otherwise)
 */
public record CifarResNet(int depth, int width) implements ZooModel {
  /** open_lth's default width. */
  public static final int DEFAULT_WIDTH = 16;

  /** The three segments' widths are W, 2W and 4W. */
  private static final int[] WIDTH_FACTORS = {1, 2, 4};

  public CifarResNet {
    if (depth < 8 || (depth - 2) % 6 != 0) {
      throw new IllegalArgumentException("cifar_resnet depth must be 6k+2 (8, 14, 20, 26, 32, 44, 56, 110, ...), got " + depth);
    }
    if (width < 1 || width > (1 << 20)) {
      throw new IllegalArgumentException("cifar_resnet width must be in [1, 2^20], got " + width);
    }
  }

  @Override
  public String name() {
    return "cifar_resnet_" + depth + (width == DEFAULT_WIDTH ? "" : "_" + width);
  }

  /** Residual blocks per segment, (D − 2)/6. */
  public int blocksPerSegment() {
    return (depth - 2) / 6;
  }

  /** The segments' filters: W, 2W, 4W. */
  public int[] widths() {
    int[] w = new int[WIDTH_FACTORS.length];
    for (int s = 0; s < w.length; s++) {
      w[s] = width * WIDTH_FACTORS[s];
    }
    return w;
  }

  @Override
  public int[] inputShape() {
    return new int[] {3, 32, 32};
  }

  @Override
  public List<ZooLayer> layers(int[] inputShape, int classes) {
    List<ZooLayer> layers = new ArrayList<>(List.of(
        new ZooLayer.Conv("conv", inputShape[0], width, 3, 1, 1, false), new ZooLayer.Norm("bn", width),
        new ZooLayer.Activation()));
    int in = width;
    int block = 0;
    int[] widths = widths();
    for (int segment = 0; segment < widths.length; segment++) {
      for (int b = 0; b < blocksPerSegment(); b++, block++) {
        int out = widths[segment];
        boolean downsample = segment > 0 && b == 0;
        String p = "blocks." + block + ".";
        List<ZooLayer> body = List.of(
            new ZooLayer.Conv(p + "conv1", in, out, 3, downsample ? 2 : 1, 1, false), new ZooLayer.Norm(p + "bn1", out),
            new ZooLayer.Activation(),
            new ZooLayer.Conv(p + "conv2", out, out, 3, 1, 1, false), new ZooLayer.Norm(p + "bn2", out));
        List<ZooLayer> shortcut = downsample || in != out
            ? List.of(new ZooLayer.Conv(p + "shortcut.0", in, out, 1, 2, 0, false), new ZooLayer.Norm(p + "shortcut.1", out))
            : List.of(new ZooLayer.IdentityScale(p + "shortcut", out));
        layers.add(new ZooLayer.Block(body, shortcut));
        in = out;
      }
    }
    layers.add(new ZooLayer.GlobalAvgPool());
    layers.add(new ZooLayer.Dense("fc", in, classes));
    return layers;
  }

  @Override
  public String toString() {
    return name();
  }
}
