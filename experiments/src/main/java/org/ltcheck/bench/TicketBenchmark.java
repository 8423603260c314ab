package org.ltcheck.bench;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.TicketNetworks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stages of {@code ltcheck construct} after loading: constructing a ticket, certifying it,
 * and a forward pass of target and ticket (per batch; images/s = batch / time). Cases: the
 * bundled MNIST target with L+1 and 2L, and a seeded random open_lth ResNet-22 with 2L (L+1 is
 * not meant for deep targets). The ticket forward runs the mother's shape with the sparse
 * convolution kernels, so its cost follows the ticket's parameters, not the mother's.
 *
 * <p>Run: {@code java -cp <experiments jar and dependencies> org.openjdk.jmh.Main TicketBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class TicketBenchmark {
  private static final long SEED = 20220717L;

  /** Target and construction. */
  @Param({"mnist-L+1", "mnist-2L", "resnet22-2L"})
  public String target;

  @Param({"0.01"})
  public double eps;

  /** Worker threads; 0 for all processors. */
  @Param({"0"})
  public int threads;

  @Param({"64"})
  public int batch;

  private Network network;
  private List<TargetLayer> layers;
  private ConstructionSettings settings;
  private TicketConstructor constructor;
  private TicketConstructor.Result ticket;
  private FloatTensor images;
  private InferenceEngine targetEngine;
  private InferenceEngine ticketEngine;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    int workers = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    boolean resnet = target.startsWith("resnet22");
    Construction c = target.endsWith("2L") ? Construction.TWO_L : Construction.L_PLUS_ONE;
    if (resnet) {
      ResNetPlan plan = ResNetPlan.cifarResNet20();
      network = CifarResNetTarget.fromStateDict(
          RandomResNetTarget.stateDict(plan, SEED, RandomResNetTarget.Options.openLth()), plan.inputShape(),
          Activation.relu());
    } else {
      network = MnistCnnTarget.bundled();
    }
    layers = TargetLayers.of(network);
    settings = ConstructionSettings.of(c, eps, 1).withThreads(workers);
    constructor = new TicketConstructor(new MinimumCardinalitySolver(settings.maxSubsetSize()));
    ticket = constructor.construct(network, settings, done -> {});
    images = gaussianImages(new Random(SEED), batch, network.inputShape());
    targetEngine = new InferenceEngine(network, workers);
    ticketEngine = new InferenceEngine(TicketNetworks.ticket(ticket.ticket()), workers);
    System.out.printf("%n%s: target %d nonzero, ticket %d, mother %d parameters%n", target,
        TargetLayers.nonZeroParameters(layers),
        ticket.ticket().parameterCount(), ticket.ticket().mother().parameterCount());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    targetEngine.close();
    ticketEngine.close();
  }

  private static FloatTensor gaussianImages(Random random, int n, int[] shape) {
    int[] full = {n, shape[0], shape[1], shape[2]};
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(full))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return FloatTensor.wrap(v, full);
  }

  /** Constructs the ticket: mother drawn from the seed, every target weight a subset sum. */
  @Benchmark
  public TicketConstructor.Result construct() {
    return constructor.construct(network, settings, done -> {});
  }

  /** Certifies the ticket: every composed parameter recomputed from mask and seed. */
  @Benchmark
  public TicketCertificate certify() {
    return TicketVerifier.certify(ticket.ticket(), layers, settings);
  }

  /** Forward pass of the target on one batch. */
  @Benchmark
  public FloatTensor targetForward() {
    return targetEngine.forward(images);
  }

  /** Forward pass of the ticket on the same batch. */
  @Benchmark
  public FloatTensor ticketForward() {
    return ticketEngine.forward(images);
  }
}
