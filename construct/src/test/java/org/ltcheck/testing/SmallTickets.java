package org.ltcheck.testing;

import java.util.List;
import java.util.Random;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.Ticket;

/** A small seeded conv + dense target and its tickets, shared by the ticket, build and certify tests. */
public final class SmallTickets {
  private SmallTickets() {}

  /** A 1x5x5 input, a 3-channel 3x3 convolution with ReLU, a flatten and a 2-output dense head. */
  public static Network smallTarget(long seed) {
    Random r = new Random(seed);
    return new Network(new int[] {1, 5, 5}, List.of(
        new Conv2d(tensor(r, 3, 1, 3, 3), tensor(r, 3), 1, 1), Activation.relu(),
        new Flatten(), new Linear(tensor(r, 2, 75), tensor(r, 2))));
  }

  /** A tensor of the shape with values in [-1, 1), a quarter of them zero. */
  public static FloatTensor tensor(Random r, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(4) == 0 ? 0f : (float) (2 * r.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  /** The ticket of {@code smallTarget(3)} at ε = 0.02, seed 11, on one thread. */
  public static Ticket ticket(Construction c) {
    return new TicketConstructor(new MinimumCardinalitySolver(6))
        .construct(smallTarget(3), ConstructionSettings.of(c, 0.02, 11).withThreads(1), null)
        .ticket();
  }
}
