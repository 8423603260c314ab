package org.ltcheck.gpu.backend;

/**
 * Scratch memory of one convolution layer for {@link Backend#conv2dForward} and
 * {@link Backend#conv2dBackward}, made by {@link Backend#convScratch} for one geometry (batch
 * size included) and output-channel count. A layer passes the same scratch to the forward pass
 * and to the backward pass of a batch: a backend may keep data there from one to the other (the
 * default implementation keeps the unfolded input for the weight gradient).
 */
public interface ConvScratch extends AutoCloseable {
  /** The geometry this scratch was made for. */
  ConvGeometry geometry();

  /** Output channels of the convolution this scratch was made for. */
  int outChannels();

  /** Releases the memory; idempotent. */
  @Override
  void close();
}
