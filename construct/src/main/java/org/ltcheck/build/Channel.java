package org.ltcheck.build;

import java.util.Arrays;

/**
 * A mother channel while a ticket is being built: its id, the factor by which it carries its
 * source (the copy weight a of a copy channel, φ(β) of a constant channel, 1 for a sum-layer
 * copy), whether its own bias is kept, its kept incoming edges and kept shortcut edges, and the
 * constant its kept edges from smooth copies add (the sigmoid's intercept, which the bias subset
 * sum compensates). Written by one thread only.
 */
final class Channel {
  final long id;
  final double carried;
  final boolean keepBias;
  private long[] edgeInputs = new long[8];
  private int[] edgePositions = new int[8];
  private int edges;
  private long[] skipInputs = new long[0];
  private int[] skipPositions = new int[0];
  private int skipEdges;
  private double offset;

  Channel(long id, double carried, boolean keepBias) {
    this.id = id;
    this.carried = carried;
    this.keepBias = keepBias;
  }

  void keep(long inputId, int position) {
    if (edges == edgeInputs.length) {
      edgeInputs = Arrays.copyOf(edgeInputs, 2 * edges);
      edgePositions = Arrays.copyOf(edgePositions, 2 * edges);
    }
    edgeInputs[edges] = inputId;
    edgePositions[edges] = position;
    edges++;
  }

  void keepSkip(long inputId, int position) {
    if (skipEdges == skipInputs.length) {
      skipInputs = Arrays.copyOf(skipInputs, Math.max(8, 2 * skipEdges));
      skipPositions = Arrays.copyOf(skipPositions, skipInputs.length);
    }
    skipInputs[skipEdges] = inputId;
    skipPositions[skipEdges++] = position;
  }

  /** Adds to the constant that kept edges contribute to this channel's pre-activation. */
  void addOffset(double v) {
    offset += v;
  }

  double offset() {
    return offset;
  }

  int edgeCount() {
    return edges;
  }

  long edgeInput(int k) {
    return edgeInputs[k];
  }

  int edgePosition(int k) {
    return edgePositions[k];
  }

  int skipEdgeCount() {
    return skipEdges;
  }

  long skipEdgeInput(int k) {
    return skipInputs[k];
  }

  int skipEdgePosition(int k) {
    return skipPositions[k];
  }
}
