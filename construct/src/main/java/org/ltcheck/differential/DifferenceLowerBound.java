package org.ltcheck.differential;

import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * A search for inputs where ticket and target differ most: its result is a lower bound on
 * sup over the region of ‖f_ticket(x) − f_target(x)‖∞, attained at an input it found (so it
 * complements the certified upper bound: the truth lies between them).
 */
@FunctionalInterface
public interface DifferenceLowerBound {
  /**
   * @param images candidate inputs, shape (N, input shape...), possibly outside the region (an
   *     implementation clips them into it); N may be 0
   * @return the largest ‖f_ticket(x) − f_target(x)‖∞ over the inputs it evaluated, all in the region
   */
  double found(Network target, Network ticket, InputRegion region, FloatTensor images);
}
