package org.ltcheck.build;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.model.Activation;
import org.ltcheck.mother.MotherLayerSpec;

/** The mutable state of one mother layer during construction. */
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
   * {@link ConstructionRun}); 0 otherwise.
   */
  int padding;
  /** The layer the shortcut reads (the mother block's input), or null. */
  LayerBuild skipSource;
  int skipStride = 1;
  int skipKernel = 1;
  double skipScale = 1.0;

  LayerBuild(
      int index, MotherLayerSpec.Role role, TargetLayer.Kind kind, TargetLayer target, int targetIndex,
      LayerBuild input, int groups, int inputChannels, int inputHeight, int inputWidth, boolean flattenBefore,
      boolean poolBefore, double scale, Activation activation, boolean inputNonNegative) {
    this.index = index;
    this.role = role;
    this.kind = kind;
    this.target = target;
    this.targetIndex = targetIndex;
    this.input = input;
    this.inputChannels = inputChannels;
    this.inputHeight = inputHeight;
    this.inputWidth = inputWidth;
    this.flattenBefore = flattenBefore;
    this.poolBefore = poolBefore;
    this.scale = scale;
    this.activation = activation;
    this.inputNonNegative = inputNonNegative;
    this.rule = role == MotherLayerSpec.Role.COPY ? new CopyRule(activation) : null;
    for (int g = 0; g < groups; g++) {
      copies.add(new ArrayList<>());
    }
  }

  int groups() {
    return copies.size();
  }

  /** Whether this sum layer reads copy channels, whose base values are products a·u. */
  boolean readsCopies() {
    return input != null && input.role == MotherLayerSpec.Role.COPY;
  }

  /** Channels in tensor order: groups ascending, copies in creation order, constants last. */
  List<Channel> channelsInOrder() {
    List<Channel> all = new ArrayList<>();
    copies.forEach(all::addAll);
    all.addAll(constants);
    return all;
  }
}
