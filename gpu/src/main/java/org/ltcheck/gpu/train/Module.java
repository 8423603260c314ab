package org.ltcheck.gpu.train;

import java.util.List;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Layer;

/**
 * A layer with a backward pass on a {@link org.ltcheck.gpu.backend.Backend}. A module knows its
 * per-example input shape from construction; the batch size is given per call. The tensor that
 * {@link #forward} returns belongs to the module and stays valid until its next forward; the
 * backward pass of a batch must follow its forward pass before the next forward.
 */
interface Module {
  /** Per-example output shape. */
  int[] outputShape();

  /** Runs the layer on {@code batch} examples; training mode uses batch statistics. */
  DeviceTensor forward(DeviceTensor x, int batch, boolean training);

  /**
   * Back-propagates {@code dy} (same shape as the last output): overwrites the gradients of this
   * module's parameters and returns the input gradient, or null when {@code needInputGrad} is
   * false (the first layer skips that work).
   */
  DeviceTensor backward(DeviceTensor dy, int batch, boolean needInputGrad);

  /** Parameters and buffers in state-dict order. */
  List<Parameter> parameters();

  /** The layer as an immutable model record with the current values. */
  Layer export();

  /** Multiply-add FLOPs of forward plus backward for one batch (conv and linear only; 0 elsewhere). */
  default long gemmFlops(int batch, boolean needInputGrad) {
    return 0;
  }

  /** Releases the module's buffers and parameters. */
  void close();
}
