package org.ltcheck.build;

import java.util.Arrays;

/**
 * A mother channel while a ticket is being built: its id, the factor by which it carries its
 * source (the copy weight a of a copy channel, φ(β) of a constant channel, 1 for a sum-layer
 * copy), whether its own bias is kept, its kept incoming edges and kept shortcut edges, and — for
 * a sigmoid copy — its mirror φ(−a·x), which every channel reading the copy reads as well, with
 * the negated weight ({@link CopyRule}). Written by one thread only.
 */
final class Channel {
  final long id;
  final double carried;
  final boolean keepBias;
  /** The mirror of a sigmoid copy, read together with it; null for every other channel. */
  final Channel mirror;
  private long[] edgeInputs = new long[8];
  private int[] edgePositions = new int[8];
  private int edges;
  private long[] skipInputs = new long[0];
  private int[] skipPositions = new int[0];
  private int skipEdges;

  Channel(long id, double carried, boolean keepBias) {
    this(id, carried, keepBias, null);
  }

  Channel(long id, double carried, boolean keepBias, Channel mirror) {
    this.id = id;
    this.carried = carried;
    this.keepBias = keepBias;
    this.mirror = mirror;
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
