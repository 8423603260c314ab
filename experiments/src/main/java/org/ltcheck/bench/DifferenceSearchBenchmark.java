package org.ltcheck.bench;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ltcheck.adversarial.DifferentiableNetwork;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.ticket.TicketNetworks;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.theory.Construction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One step of the adversarial difference search on the bundled MNIST target and its ticket
 * (ε = 0.01, mother seed 1, as {@code ltcheck construct --target mnist}): a double forward pass
 * with tape and a reverse pass through both networks at a random corner of the pixel box, the
 * gradient of one logit's difference. The ticket keeps the mother's shape, its convolutions run
 * over their nonzero taps only. {@code ticketForward} is the ticket's forward pass alone.
 *
 * <p>Run: {@code java -cp <experiments jar and dependencies> org.openjdk.jmh.Main DifferenceSearchBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class DifferenceSearchBenchmark {
  @Param({"L+1", "2L"})
  public String construction;

  private DifferentiableNetwork.Tape ticket;
  private DifferentiableNetwork.Tape target;
  private double[] corner;
  private double[] up;
  private double[] down;

  @Setup
  public void setUp() throws IOException {
    Network targetNet = MnistCnnTarget.bundled();
    Construction c = construction.equals("2L") ? Construction.TWO_L : Construction.L_PLUS_ONE;
    ConstructionSettings settings = ConstructionSettings.of(c, 0.01, 1);
    TicketConstructor constructor = new TicketConstructor(new MinimumCardinalitySolver(settings.maxSubsetSize()));
    Network ticketNet = TicketNetworks.ticket(constructor.construct(targetNet, settings, done -> {}).ticket());
    DifferentiableNetwork compiled = DifferentiableNetwork.compile(ticketNet);
    ticket = compiled.newTape();
    target = DifferentiableNetwork.compile(targetNet).newTape();
    SplittableRandom random = new SplittableRandom(1);
    corner = new double[compiled.inputSize()];
    for (int j = 0; j < corner.length; j++) {
      corner[j] = random.nextBoolean() ? 2.8215 : -0.4242;
    }
    up = new double[10];
    down = new double[10];
    up[0] = 1;
    down[0] = -1;
  }

  /** Forward with tape and reverse pass through ticket and target: one ascent step's gradient. */
  @Benchmark
  public double step() {
    ticket.forward(corner);
    target.forward(corner);
    double[] g = ticket.backward(up);
    double[] h = target.backward(down);
    return g[0] + h[0];
  }

  /** The ticket's double forward pass alone. */
  @Benchmark
  public double[] ticketForward() {
    return ticket.forward(corner);
  }
}
