package org.ltcheck.inference;

/** Flatten: the row-major (C,H,W) layout already is the (channel, row, column) feature order. */
final class CopyKernel implements Kernel {
  private final int size;

  CopyKernel(int size) {
    this.size = size;
  }

  @Override
  public int inSize() {
    return size;
  }

  @Override
  public int outSize() {
    return size;
  }

  @Override
  public boolean passThrough() {
    return true;
  }

  @Override
  public void run(float[] in, int inOff, float[] out, int outOff, Workspace ws) {
    System.arraycopy(in, inOff, out, outOff, size);
  }
}
