package org.ltcheck.bench;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.data.Normalization;
import org.ltcheck.differential.DifferentialCertifier;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketNetworks;
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
 * The differential output certificate of the bundled MNIST target's tickets (ε = 0.01, mother
 * seed 1, as {@code ltcheck construct --target mnist}), on one thread: {@code domain} bounds the
 * difference over the whole input box (the global certificate), {@code ball} over the L∞ ball of
 * 1 pixel level around a fixed pseudo-image (one radius of one image of the local certificate).
 *
 * <p>Run: {@code java -cp <experiments jar and dependencies> org.openjdk.jmh.Main OutputCertificateBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class OutputCertificateBenchmark {
  @Param({"L+1", "2L"})
  public String construction;

  private DifferentialCertifier certifier;
  private InputRegion domain;
  private InputRegion ball;

  @Setup
  public void setUp() throws IOException {
    Network target = MnistCnnTarget.bundled();
    Construction c = construction.equals("2L") ? Construction.TWO_L : Construction.L_PLUS_ONE;
    ConstructionSettings settings = ConstructionSettings.of(c, 0.01, 1);
    Ticket ticket = new TicketConstructor(new MinimumCardinalitySolver(settings.maxSubsetSize()))
        .construct(target, settings, done -> {}).ticket();
    certifier = new DifferentialCertifier(TargetLayers.of(target), ticket.mother(), TicketNetworks.ticket(ticket));
    domain = InputRegion.domain(target.inputShape(), Normalization.MNIST);
    SplittableRandom random = new SplittableRandom(1);
    float[] image = new float[domain.size()];
    for (int i = 0; i < image.length; i++) {
      image[i] = domain.clampToBox(i, (float) (domain.lower()[i] + random.nextDouble() * (domain.upper()[i] - domain.lower()[i])));
    }
    ball = InputRegion.ball(image, 1, Normalization.MNIST, domain);
  }

  /** The global certificate's bound over the whole input domain. */
  @Benchmark
  public double domain() {
    return certifier.bound(domain).maxAbsDifference();
  }

  /** One image's bound and certified agreement over its ball of radius 1, as the local certificate computes them. */
  @Benchmark
  public double ball() {
    return certifier.agreement(ball, 0, null).difference().maxAbsDifference();
  }
}
