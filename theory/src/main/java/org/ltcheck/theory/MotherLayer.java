package org.ltcheck.theory;

/**
 * One layer of the mother network a construction needs, with its subset-sum workload.
 *
 * @param index position in the mother network, from 0
 * @param role what the layer does in the construction
 * @param kind convolution or linear
 * @param targetLayer index of the target layer this mother layer serves
 * @param inChannels mother channels read (per position for a flatten head)
 * @param outChannels mother width
 * @param kernelPositions kernel positions (1 for the 1×1 copy layers)
 * @param inputPositionsPerChannel positions per input channel of a flatten head, else 1
 * @param copiesPerTargetChannel mother channels per target output channel (ρ, ρ₁ or 1)
 * @param constantChannels bias channels: constant neurons that later layers build biases from
 * @param subsetSumProblems subset-sum problems solved to prune this layer
 * @param ticketParamsEstimate expected parameters of this layer that survive pruning
 */
public record MotherLayer(
    int index,
    Role role,
    LayerShape.Kind kind,
    int targetLayer,
    int inChannels,
    int outChannels,
    int kernelPositions,
    int inputPositionsPerChannel,
    int copiesPerTargetChannel,
    int constantChannels,
    long subsetSumProblems,
    double ticketParamsEstimate) {

  /** The three kinds of mother layer. */
  public enum Role {
    /** 1×1 layer of random copies a·x_i of each input channel plus bias channels; no subset sums. */
    COPY,
    /** Target weights as subset sums of products a·b over the copies of the previous layer. */
    PRODUCT,
    /** Target weights as subset sums of single random weights over ρ identical input copies. */
    SINGLE
  }

  public MotherLayer {
    if (role == null || kind == null) {
      throw new IllegalArgumentException("role and kind must not be null");
    }
    Checks.atLeast("inChannels", inChannels, 1);
    Checks.atLeast("outChannels", outChannels, 1);
    Checks.atLeast("kernelPositions", kernelPositions, 1);
    Checks.atLeast("inputPositionsPerChannel", inputPositionsPerChannel, 1);
    Checks.atLeast("subsetSumProblems", subsetSumProblems, 0);
    Checks.nonNegativeFinite("ticketParamsEstimate", ticketParamsEstimate);
  }

  /** Input features: channels × positions per channel (a flatten head reads every position). */
  public long inFeatures() {
    return Math.multiplyExact((long) inChannels, inputPositionsPerChannel);
  }

  /** Every random edge plus one bias per output channel: what the mother must store. */
  public long params() {
    long edges = Math.multiplyExact(Math.multiplyExact((long) outChannels, inFeatures()), kernelPositions);
    return Math.addExact(edges, outChannels);
  }
}
