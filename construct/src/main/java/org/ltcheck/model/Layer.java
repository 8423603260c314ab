package org.ltcheck.model;

/**
 * One layer of a feed-forward network, as data. Layers carry parameters only; how they are
 * evaluated (CPU inference, training backends) is decided elsewhere, so that a target, a
 * mother network and a ticket are all described by the same immutable values.
 */
public sealed interface Layer
    permits Conv2d, Linear, BatchNorm2d, Activation, Flatten, AvgPool2d, MaxPool2d, GlobalAvgPool,
        ChannelScale, ResidualBlock {

  /** Output shape (without the batch dimension) for an input of the given shape. */
  int[] outputShape(int[] inputShape);
}
