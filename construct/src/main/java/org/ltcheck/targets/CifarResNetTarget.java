package org.ltcheck.targets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ltcheck.io.TensorFormatException;
import org.ltcheck.io.TensorSource;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/**
 * The CIFAR ResNet of open_lth ({@code cifar_resnet_D_W}; {@code cifar_resnet_20} is the paper's
 * "ResNet-22") as a target, of whatever depth, widths and segments its tensors have (what
 * {@code --arch auto} reads; a zoo name reads the structure {@link org.ltcheck.targets.zoo.CifarResNet}
 * defines): reads and writes its PyTorch state dict, with the state-dict names as keys.
 *
 * <pre>
 * conv.weight                         (W0, C, 3, 3)   stem, stride 1, padding 1, no bias
 * bn.weight|bias|running_mean|running_var   (W0)
 * blocks.N.conv1.weight               (F, Fin, 3, 3)  stride 2 if the block downsamples, else 1
 * blocks.N.bn1.*                      (F)
 * blocks.N.conv2.weight               (F, F, 3, 3)    stride 1
 * blocks.N.bn2.*                      (F)
 * blocks.N.shortcut.weight            (F, 1, 1)       identity shortcut with per-channel scale, or
 * blocks.N.shortcut.0.weight          (F, Fin, 1, 1)  1x1 stride-2 convolution shortcut (downsampling)
 * blocks.N.shortcut.1.*               (F)             and its batch norm; or no shortcut tensor:
 *                                                     plain identity (weight 1)
 * fc.weight, fc.bias                  (K, Wlast), (K)
 * </pre>
 *
 * Block N: out = φ(bn2(conv2(φ(bn1(conv1 x)))) + shortcut(x)); then global average pooling and
 * fc. A block downsamples exactly when it has a convolution shortcut (open_lth's is always
 * stride 2). Batch norms use eps 1e-5. {@code X.num_batches_tracked} is ignored, and a tensor
 * {@code X_mask} (the pruning masks of Synaptic-Flow / the reference's layers) multiplies
 * {@code X}. Every other name, a missing tensor, a wrong shape or a NaN/infinite value is an
 * error naming the tensor.
 */
public final class CifarResNetTarget {
  /** PyTorch's BatchNorm2d default. */
  public static final double BN_EPS = BatchNorm2d.PYTORCH_EPS;

  private CifarResNetTarget() {}

  /** Loads a 3x32x32 CIFAR ResNet from a safetensors state dict. */
  public static Network load(Path file, Activation activation) throws IOException {
    return load(file, new int[] {3, 32, 32}, activation);
  }

  /** Loads a ResNet for inputs of shape {@code inputShape} (C, H, W) from a safetensors or torch.save state dict. */
  public static Network load(Path file, int[] inputShape, Activation activation) throws IOException {
    return load(TargetFiles.open(file), inputShape, activation);
  }

  /** Loads a ResNet for inputs of shape {@code inputShape} (C, H, W) from a read tensor file. */
  public static Network load(TensorSource f, int[] inputShape, Activation activation)
      throws TensorFormatException {
    Path file = f.path();
    try {
      return fromStateDict(floatTensors(f), inputShape, activation);
    } catch (IllegalArgumentException e) {
      throw f.error(file + ": " + e.getMessage());
    }
  }

  /** Every tensor of a state dict but the batch norms' integer {@code num_batches_tracked}, as float32. */
  static SortedMap<String, FloatTensor> floatTensors(TensorSource f) throws TensorFormatException {
    SortedMap<String, FloatTensor> tensors = new TreeMap<>();
    for (String name : f.names()) {
      if (!name.endsWith(".num_batches_tracked")) {
        tensors.put(name, f.floatTensor(name));
      }
    }
    return tensors;
  }

  /**
   * Builds the network from a state dict (see the class comment for the names).
   *
   * @throws IllegalArgumentException naming the offending tensor
   */
  public static Network fromStateDict(Map<String, FloatTensor> stateDict, int[] inputShape, Activation activation) {
    if (inputShape.length != 3) {
      throw new IllegalArgumentException("input shape must be (C,H,W), got " + Arrays.toString(inputShape));
    }
    StateDictTensors t = new StateDictTensors(stateDict);
    List<Layer> layers = new ArrayList<>();
    int width = t.shape("conv.weight", 4)[0];
    layers.add(new Conv2d(t.require("conv.weight", width, inputShape[0], 3, 3), null, 1, 1));
    layers.add(t.batchNorm("bn", width));
    layers.add(activation);
    for (int n = 0; t.has("blocks." + n + ".conv1.weight"); n++) {
      String p = "blocks." + n + ".";
      int out = t.shape(p + "conv1.weight", 4)[0];
      boolean convShortcut = t.has(p + "shortcut.0.weight");
      int stride = convShortcut ? 2 : 1;
      List<Layer> body = List.of(
          new Conv2d(t.require(p + "conv1.weight", out, width, 3, 3), null, stride, 1),
          t.batchNorm(p + "bn1", out),
          activation,
          new Conv2d(t.require(p + "conv2.weight", out, out, 3, 3), null, 1, 1),
          t.batchNorm(p + "bn2", out));
      List<Layer> shortcut;
      if (convShortcut) {
        shortcut = List.of(
            new Conv2d(t.require(p + "shortcut.0.weight", out, width, 1, 1), null, 2, 0),
            t.batchNorm(p + "shortcut.1", out));
      } else {
        if (out != width) {
          throw new IllegalArgumentException(
              "block " + n + " changes the width " + width + " -> " + out + " but has no 'blocks." + n
                  + ".shortcut.0.weight' convolution shortcut");
        }
        shortcut = t.has(p + "shortcut.weight")
            ? List.of(new ChannelScale(t.require(p + "shortcut.weight", out, 1, 1)))
            : List.of();
      }
      layers.add(new ResidualBlock(body, shortcut, activation));
      width = out;
    }
    int classes = t.shape("fc.weight", 2)[0];
    layers.add(new GlobalAvgPool());
    layers.add(new Linear(t.require("fc.weight", classes, width), t.require("fc.bias", classes)));
    t.checkAllUsed("an open_lth CIFAR ResNet", " (after the last block 'blocks.N.conv1.weight' the names must stop)");
    try {
      return new Network(inputShape, layers);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the tensors do not form a network for input "
          + Arrays.toString(inputShape) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file's name of each weight layer of a network {@link #fromStateDict} built, in the order
   * of {@code TargetLayers.of}: {@code conv}, then {@code blocks.N.conv1} and
   * {@code blocks.N.conv2} per block (a shortcut convolution belongs to its block's conv2), {@code fc}.
   */
  public static List<String> layerNames(Network network) {
    List<String> names = new ArrayList<>(List.of("conv"));
    long blocks = network.layers().stream().filter(l -> l instanceof ResidualBlock).count();
    for (int n = 0; n < blocks; n++) {
      names.add("blocks." + n + ".conv1");
      names.add("blocks." + n + ".conv2");
    }
    names.add("fc");
    return names;
  }

  /**
   * The state dict of a network of exactly the structure {@link #fromStateDict} builds (batch
   * norms written with their own statistics; identity shortcuts with a scale as
   * {@code shortcut.weight}, plain identities without tensor).
   */
  public static SortedMap<String, FloatTensor> stateDict(Network network) {
    SortedMap<String, FloatTensor> out = new TreeMap<>();
    List<Layer> l = network.layers();
    String shape = "expected conv, bn, activation, residual blocks, global-avg-pool, fc";
    if (l.size() < 5 || !(l.get(0) instanceof Conv2d stem) || !(l.get(1) instanceof BatchNorm2d bn)
        || !(l.get(l.size() - 2) instanceof GlobalAvgPool) || !(l.get(l.size() - 1) instanceof Linear fc)) {
      throw new IllegalArgumentException("not an open_lth CIFAR ResNet: " + shape);
    }
    out.put("conv.weight", stem.weight());
    putBatchNorm(out, "bn", bn);
    for (int k = 3; k < l.size() - 2; k++) {
      String p = "blocks." + (k - 3) + ".";
      if (!(l.get(k) instanceof ResidualBlock b) || b.body().size() != 5
          || !(b.body().get(0) instanceof Conv2d c1) || !(b.body().get(1) instanceof BatchNorm2d b1)
          || !(b.body().get(3) instanceof Conv2d c2) || !(b.body().get(4) instanceof BatchNorm2d b2)) {
        throw new IllegalArgumentException("layer " + k + " is not an open_lth block: " + shape);
      }
      out.put(p + "conv1.weight", c1.weight());
      putBatchNorm(out, p + "bn1", b1);
      out.put(p + "conv2.weight", c2.weight());
      putBatchNorm(out, p + "bn2", b2);
      List<Layer> s = b.shortcut();
      if (s.size() == 1 && s.get(0) instanceof ChannelScale cs) {
        out.put(p + "shortcut.weight", cs.scale().reshape(cs.channels(), 1, 1));
      } else if (s.size() == 2 && s.get(0) instanceof Conv2d sc && s.get(1) instanceof BatchNorm2d sb) {
        out.put(p + "shortcut.0.weight", sc.weight());
        putBatchNorm(out, p + "shortcut.1", sb);
      } else if (!s.isEmpty()) {
        throw new IllegalArgumentException("block " + (k - 3) + " shortcut " + s + " is not an open_lth shortcut");
      }
    }
    out.put("fc.weight", fc.weight());
    out.put("fc.bias", fc.bias() == null ? FloatTensor.zeros(fc.outFeatures()) : fc.bias());
    return out;
  }

  /** Writes a state dict as a safetensors file (names sorted). */
  public static void write(Path file, Map<String, FloatTensor> stateDict) throws IOException {
    SafetensorsWriter w = new SafetensorsWriter();
    new TreeMap<>(stateDict).forEach(w::putFloat);
    w.metadata("format", "pt");
    w.write(file);
  }

  private static void putBatchNorm(Map<String, FloatTensor> out, String prefix, BatchNorm2d bn) {
    if (bn.eps() != BN_EPS) {
      throw new IllegalArgumentException(prefix + ": batch-norm eps " + bn.eps() + " is not PyTorch's " + BN_EPS);
    }
    out.put(prefix + ".weight", bn.gamma());
    out.put(prefix + ".bias", bn.beta());
    out.put(prefix + ".running_mean", bn.runningMean());
    out.put(prefix + ".running_var", bn.runningVar());
  }
}
