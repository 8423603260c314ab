package org.ltcheck.inference;

import java.util.List;

/**
 * Kernels applied in sequence. Intermediate results alternate between two workspace slots, so
 * a chain of any length needs two buffers of its largest intermediate size, and consecutive
 * kernels never read and write the same array.
 */
final class Chain {
  /** Receives the output of each kernel of a chain; used for per-layer traces. */
  @FunctionalInterface
  interface Observer {
    void layerOutput(int layer, float[] buf, int off);
  }

  private final Kernel[] kernels;
  private final int slotA;
  private final int slotB;

  Chain(List<Kernel> kernels, Workspace.Plan plan) {
    if (kernels.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one layer");
    }
    this.kernels = kernels.toArray(new Kernel[0]);
    int inter = 0;
    for (int i = 0; i < this.kernels.length - 1; i++) {
      inter = Math.max(inter, this.kernels[i].outSize());
    }
    this.slotA = this.kernels.length >= 2 ? plan.newSlot(inter) : -1;
    this.slotB = this.kernels.length >= 3 ? plan.newSlot(inter) : -1;
  }

  int inSize() {
    return kernels[0].inSize();
  }

  int outSize() {
    return kernels[kernels.length - 1].outSize();
  }

  int length() {
    return kernels.length;
  }

  int outSize(int layer) {
    return kernels[layer].outSize();
  }

  void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    run(in, inOff, out, outOff, ws, null);
  }

  /**
   * Runs all kernels; the last one writes to {@code out}. A pass-through kernel (Flatten) that
   * is not last is skipped and its input handed on; the next kernel then writes to whichever
   * slot it is not reading, so input and output never share an array.
   */
  void run(float[] in, int inOff, float[] out, int outOff, Workspace ws, Observer observer) {
    float[] src = in;
    int srcOff = inOff;
    for (int i = 0; i < kernels.length; i++) {
      boolean last = i == kernels.length - 1;
      float[] dst;
      int dstOff;
      if (last) {
        dst = out;
        dstOff = outOff;
        kernels[i].run(src, srcOff, dst, dstOff, ws);
      } else if (kernels[i].passThrough()) {
        dst = src;
        dstOff = srcOff;
      } else {
        float[] a = ws.slot(slotA);
        dst = src == a ? ws.slot(slotB) : a;
        dstOff = 0;
        kernels[i].run(src, srcOff, dst, dstOff, ws);
      }
      if (observer != null) {
        observer.layerOutput(i, dst, dstOff);
      }
      src = dst;
      srcOff = dstOff;
    }
  }
}
