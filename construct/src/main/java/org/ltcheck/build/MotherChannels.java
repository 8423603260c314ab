package org.ltcheck.build;

import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherRandom;

/**
 * Makes the channels of copy layers and the constant channels of any layer, with their random
 * parameters from the seeded mother: used when a layer is laid out and when a repair grows it.
 */
final class MotherChannels {
  private final MotherRandom random;

  MotherChannels(MotherRandom random) {
    this.random = random;
  }

  /**
   * Copy {@code index} of input group {@code group}: one kept edge of random weight a from its
   * source; for sigmoid copies with its mirror, whose edge has the weight −a ({@link CopyRule}).
   */
  Channel copy(LayerBuild copyLayer, int group, int index) {
    long id = ChannelId.of(group, index);
    long source = sourceId(copyLayer, group);
    Channel mirror = copyLayer.rule.paired() ? copyOf(copyLayer, ChannelId.mirror(id), source, null) : null;
    return copyOf(copyLayer, id, source, mirror);
  }

  private Channel copyOf(LayerBuild copyLayer, long id, long source, Channel mirror) {
    Channel ch = new Channel(id, random.weight(copyLayer.index, id, source, 0, copyLayer.scale), false, mirror);
    ch.keep(source, 0);
    return ch;
  }

  /** Constant channel {@code index}: no input, its random bias β kept, carrying φ(β). */
  Channel constant(LayerBuild layer, int index) {
    long id = ChannelId.of(ChannelId.BIAS_GROUP, index);
    double beta = random.bias(layer.index, id);
    return new Channel(id, layer.activation.apply(beta), true);
  }

  /** The channel a copy reads: the input channel itself, or the first copy of the group below. */
  private static long sourceId(LayerBuild copyLayer, int group) {
    return copyLayer.input == null ? ChannelId.of(group, 0) : copyLayer.input.copies.get(group).get(0).id;
  }
}
