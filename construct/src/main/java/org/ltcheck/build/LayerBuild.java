package org.ltcheck.build;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.model.Activation;
import org.ltcheck.model.MaxPool2d;

/**
 * The mutable state of one mother layer during construction: its fixed shape (made by
 * {@link #copyLayer} or {@link #sumLayer} and a {@link Builder} of named parts), the channels
 * built so far, and the padding and shortcut that the layout sets afterwards.
 */
final class LayerBuild {
  final int index;
  final MotherLayerSpec.Role role;
  final TargetLayer.Kind kind;
  /** The target layer a sum layer approximates; for a copy layer the target layer it feeds. */
  final TargetLayer target;
  final int targetIndex;
  final LayerBuild input;
  final int inputChannels;
  final int inputHeight;
  final int inputWidth;
  final boolean flattenBefore;
  final boolean poolBefore;
  final double scale;
  final Activation activation;
  final List<List<Channel>> copies = new ArrayList<>();
  final List<Channel> constants = new ArrayList<>();
  /** Whether the channels this layer reads from carry non-negative values. */
  final boolean inputNonNegative;
  /** How this layer's copies carry their input (copy layers only, else null). */
  final CopyRule rule;
  /**
   * Zero padding of this layer's convolution: the target's for a sum layer; a copy layer of
   * copies with φ(0) ≠ 0 (sigmoid) takes over its sum layer's padding, so that the copies of
   * the padded border are φ(a·0) = φ(0) like the copies of any zero input (see
   * {@link OffsetBiases}); 0 otherwise.
   */
  int padding;
  /** Max pooling of the layer below's output before this layer reads it (see {@link LayerLayout}), or null. */
  MaxPool2d maxPoolBefore;
  /** The layer the shortcut reads (the mother block's input), or null. */
  LayerBuild skipSource;
  int skipStride = 1;
  int skipKernel = 1;
  double skipScale = 1.0;

  private LayerBuild(Builder b) {
    this.index = b.index;
    this.role = b.role;
    this.kind = b.kind;
    this.target = b.target;
    this.targetIndex = b.targetIndex;
    this.input = b.input;
    this.inputChannels = b.inputChannels;
    this.inputHeight = b.inputHeight;
    this.inputWidth = b.inputWidth;
    this.flattenBefore = b.flattenBefore;
    this.poolBefore = b.poolBefore;
    this.scale = b.scale;
    this.activation = b.activation;
    this.inputNonNegative = b.inputNonNegative;
    this.rule = role == MotherLayerSpec.Role.COPY ? new CopyRule(activation) : null;
    for (int g = 0; g < b.groups; g++) {
      copies.add(new ArrayList<>());
    }
  }

  /** A 1x1 copy layer at mother position {@code index} in front of target layer {@code feeds}. */
  static Builder copyLayer(int index, TargetLayer feeds, int targetIndex) {
    return new Builder(index, MotherLayerSpec.Role.COPY, feeds, targetIndex);
  }

  /** The sum layer at mother position {@code index} that approximates target layer {@code target}. */
  static Builder sumLayer(int index, TargetLayer target, int targetIndex) {
    return new Builder(index, MotherLayerSpec.Role.SUM, target, targetIndex).kind(target.kind());
  }

  int groups() {
    return copies.size();
  }

  /** Whether this sum layer reads copy channels, whose base values are products a·u. */
  boolean readsCopies() {
    return input != null && input.role == MotherLayerSpec.Role.COPY;
  }

  /** Whether the shortcut of this sum layer reads padded sigmoid copies ({@link OffsetBiases}). */
  boolean skipReadsPaddedCopies() {
    return skipSource != null && skipSource.role == MotherLayerSpec.Role.COPY && skipSource.rule.intercept() != 0;
  }

  /**
   * Whether this sum layer reads copies with φ(0) ≠ 0 (sigmoid), which are padded in the copy layer
   * and whose bias {@link OffsetBiases} builds through every tap.
   */
  boolean readsPaddedCopies() {
    return (readsCopies() && input.rule.intercept() != 0) || skipReadsPaddedCopies();
  }

  /**
   * Channels in tensor order: groups ascending, copies in creation order (each followed by its
   * mirror, if it has one), constants last.
   */
  List<Channel> channelsInOrder() {
    List<Channel> all = new ArrayList<>();
    for (List<Channel> group : copies) {
      for (Channel c : group) {
        all.add(c);
        if (c.mirror != null) {
          all.add(c.mirror);
        }
      }
    }
    all.addAll(constants);
    return all;
  }

  /** The fixed shape of a layer, by named parts. */
  static final class Builder {
    private final int index;
    private final MotherLayerSpec.Role role;
    private final TargetLayer target;
    private final int targetIndex;
    private TargetLayer.Kind kind = TargetLayer.Kind.CONV;
    private LayerBuild input;
    private int groups;
    private int inputChannels;
    private int inputHeight = 1;
    private int inputWidth = 1;
    private boolean flattenBefore;
    private boolean poolBefore;
    private double scale = 1.0;
    private Activation activation;
    private boolean inputNonNegative;

    private Builder(int index, MotherLayerSpec.Role role, TargetLayer target, int targetIndex) {
      this.index = index;
      this.role = role;
      this.target = target;
      this.targetIndex = targetIndex;
    }

    /** A convolution on a map or a dense layer on a vector. */
    Builder kind(TargetLayer.Kind k) {
      this.kind = k;
      return this;
    }

    /** Reads {@code channels} channels of {@code layer} (null: the network input) on a height x width map. */
    Builder reads(LayerBuild layer, int channels, int height, int width) {
      this.input = layer;
      this.inputChannels = channels;
      this.inputHeight = height;
      this.inputWidth = width;
      return this;
    }

    /** Whether what it reads is non-negative, which makes negative copies of it unnecessary. */
    Builder inputNonNegative(boolean nonNegative) {
      this.inputNonNegative = nonNegative;
      return this;
    }

    /** Whether a flatten precedes it. */
    Builder flattenBefore(boolean flatten) {
      this.flattenBefore = flatten;
      return this;
    }

    /** Whether a global average pooling precedes it. */
    Builder poolBefore(boolean pool) {
      this.poolBefore = pool;
      return this;
    }

    /** The target channels (groups) whose copies it holds. */
    Builder groups(int n) {
      this.groups = n;
      return this;
    }

    /** Its weights are U[-s, s] with s = {@code weightScale}. */
    Builder weightScale(double weightScale) {
      this.scale = weightScale;
      return this;
    }

    Builder activation(Activation a) {
      this.activation = a;
      return this;
    }

    LayerBuild build() {
      return new LayerBuild(this);
    }
  }
}
