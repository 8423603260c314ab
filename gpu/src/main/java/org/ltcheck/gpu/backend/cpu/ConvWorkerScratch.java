package org.ltcheck.gpu.backend.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One worker's scratch for {@link ConvLayerKernels}: direct buffers for GEMM operands, heap
 * arrays for the copies, each grown on demand and kept for the worker's next image.
 */
final class ConvWorkerScratch {
  static final FloatBuffer EMPTY = direct(0);

  private FloatBuffer cols = EMPTY;
  private FloatBuffer padded = EMPTY;
  private FloatBuffer wide = EMPTY;
  private float[] input = new float[0];
  private float[] grad = new float[0];
  private float[] row = new float[0];
  private float[] acc = new float[0];
  private float[] paddedHeap = new float[0];
  private float[] wideHeap = new float[0];

  FloatBuffer cols(int n) {
    return cols.capacity() >= n ? cols : (cols = direct(n));
  }

  FloatBuffer padded(int n) {
    return padded.capacity() >= n ? padded : (padded = direct(n));
  }

  FloatBuffer wide(int n) {
    return wide.capacity() >= n ? wide : (wide = direct(n));
  }

  float[] input(int n) {
    return input.length >= n ? input : (input = new float[n]);
  }

  float[] grad(int n) {
    return grad.length >= n ? grad : (grad = new float[n]);
  }

  float[] row(int n) {
    return row.length >= n ? row : (row = new float[n]);
  }

  float[] acc(int n) {
    return acc.length >= n ? acc : (acc = new float[n]);
  }

  float[] paddedHeap(int n) {
    return paddedHeap.length >= n ? paddedHeap : (paddedHeap = new float[n]);
  }

  float[] wideHeap(int n) {
    return wideHeap.length >= n ? wideHeap : (wideHeap = new float[n]);
  }

  static FloatBuffer direct(int n) {
    return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  static FloatBuffer at(FloatBuffer b, int offset) {
    return offset == 0 ? b : b.duplicate().position(offset).slice();
  }
}
