package org.ltcheck.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-thread buffers of one compiled network. Each chain and residual block owns numbered
 * slots; convolutions share one padding buffer and one accumulator, which is safe because a
 * thread runs one kernel at a time.
 */
final class Workspace {
  /** Sizes collected while compiling; creates workspaces of those sizes. */
  static final class Plan {
    private final List<Integer> slotSizes = new ArrayList<>();
    private int padSize;
    private int accSize;
    private int accRows;
    private int rowSize;

    int newSlot(int size) {
      slotSizes.add(size);
      return slotSizes.size() - 1;
    }

    void needPad(int size) {
      padSize = Math.max(padSize, size);
    }

    void needAcc(int size) {
      accSize = Math.max(accSize, size);
    }

    /** {@code rows} separate accumulators of {@code size} floats (dense convolutions). */
    void needAccRows(int rows, int size) {
      accRows = Math.max(accRows, rows);
      rowSize = Math.max(rowSize, size);
    }

    Workspace newWorkspace() {
      float[][] slots = new float[slotSizes.size()][];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = new float[slotSizes.get(i)];
      }
      return new Workspace(slots, new float[padSize], new float[accSize], new float[accSize],
          new float[accRows][rowSize]);
    }
  }

  private final float[][] slots;
  final float[] pad;
  final float[] acc;
  /** Same size as {@link #acc}: one tap's shifted input, so that both are indexed from 0. */
  final float[] tap;
  /** One accumulator per output channel for dense convolutions, each indexed from 0. */
  final float[][] accRows;

  private Workspace(float[][] slots, float[] pad, float[] acc, float[] tap, float[][] accRows) {
    this.slots = slots;
    this.pad = pad;
    this.acc = acc;
    this.tap = tap;
    this.accRows = accRows;
  }

  float[] slot(int id) {
    return slots[id];
  }
}
