package org.ltcheck.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-thread buffers of one compiled network. Each chain and residual block owns numbered
 * slots; convolutions share one padding buffer and one accumulator, which is safe because a
 * thread runs one kernel at a time. Keeping roles in separate arrays (rather than offsets into a
 * single array) lets the JIT see that the loads and stores of the inner loops do not alias.
 */
final class Workspace {
  /** Sizes collected while compiling; creates workspaces of those sizes. */
  static final class Plan {
    private final List<Integer> slotSizes = new ArrayList<>();
    private int padSize;
    private int accSize;

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

    Workspace newWorkspace() {
      float[][] slots = new float[slotSizes.size()][];
      for (int i = 0; i < slots.length; i++) {
        slots[i] = new float[slotSizes.get(i)];
      }
      return new Workspace(slots, new float[padSize], new float[accSize]);
    }
  }

  private final float[][] slots;
  final float[] pad;
  final float[] acc;

  private Workspace(float[][] slots, float[] pad, float[] acc) {
    this.slots = slots;
    this.pad = pad;
    this.acc = acc;
  }

  float[] slot(int id) {
    return slots[id];
  }
}
