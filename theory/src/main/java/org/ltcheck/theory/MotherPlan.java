package org.ltcheck.theory;

import java.util.List;

/**
 * The mother network a construction needs for a target, with the base-set sizes and union-bound
 * problem count it was derived from.
 *
 * @param construction L+1 or 2L
 * @param target the target architecture
 * @param parameters tolerances and constants used
 * @param rho base-set size for single factors (the 2L construction uses only products, so ρ
 *     does not enter its widths)
 * @param rho1 sign-split base-set size for products
 * @param problems M, the number of subset-sum problems in the whole ticket (union bound)
 * @param layers the mother layers, input side first
 */
public record MotherPlan(
    Construction construction,
    TargetArchitecture target,
    WidthParameters parameters,
    int rho,
    int rho1,
    long problems,
    List<MotherLayer> layers) {

  public MotherPlan {
    layers = List.copyOf(layers);
    if (layers.size() != construction.motherDepth(target.depth())) {
      throw new IllegalArgumentException(
          construction.label() + " needs " + construction.motherDepth(target.depth()) + " mother layers, got "
              + layers.size());
    }
  }

  /** Mother depth: L+1 or 2L. */
  public int depth() {
    return layers.size();
  }

  /** Widths of the mother layers, input side first. */
  public int[] widths() {
    return layers.stream().mapToInt(MotherLayer::outChannels).toArray();
  }

  /** Channels including the input: [n_0, widths...], the reference's {@code architect} layout. */
  public int[] channels() {
    int[] w = widths();
    int[] c = new int[w.length + 1];
    c[0] = target.inputChannels();
    System.arraycopy(w, 0, c, 1, w.length);
    return c;
  }

  /** All random edges and biases of the mother. */
  public long motherParams() {
    long n = 0;
    for (MotherLayer m : layers) {
      n = Math.addExact(n, m.params());
    }
    return n;
  }

  /** Expected parameters of the ticket. */
  public double ticketParamsEstimate() {
    return layers.stream().mapToDouble(MotherLayer::ticketParamsEstimate).sum();
  }

  /** Expected ticket size relative to the target's nonzero parameters; NaN for an all-zero target. */
  public double ticketToTargetRatio() {
    return ticketParamsEstimate() / target.targetNonZeroParams();
  }
}
