package org.ltcheck.build;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.ltcheck.model.Network;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.subsetsum.SubsetSumSolver;
import org.ltcheck.subsetsum.SubsetSumSolverSelection;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.ticket.Ticket;

/**
 * Builds strong lottery tickets for CNN and residual targets with Algorithm 2 (L+1,
 * {@link LPlusOneConstruction}) or Algorithm 1 (2L, {@link TwoLConstruction}) of Burkholz (ICML
 * 2022), PAPER §3–§5, inside a real, seeded mother network, for ReLU, LeakyReLU, tanh and sigmoid
 * (PAPER §6, see {@link CopyRule}); the phases of one construction are listed in
 * {@code ConstructionRun}.
 *
 * <p><b>L+1.</b> Mother layer 0 is a 1x1 copy layer: ρ₁ copies φ(a·x_i) of every input channel
 * and ρ₁ constant channels φ(β). Mother layer l (1 ≤ l ≤ L) has the target's kernel; every
 * output channel j of an intermediate layer has ρ copies plus ρ constant channels, the last
 * layer one channel per output. Layer 1 reads copies, so its base values are products a·u
 * (with ReLU a copy with a &gt; 0 carries a·x⁺, one with a &lt; 0 carries |a|·x⁻, and
 * w·x = w·x⁺ − w·x⁻ needs both sums ≈ w); later layers read ρ identical copies of their input
 * channel and their base values are single factors u.
 *
 * <p><b>2L.</b> Every target layer becomes a copy layer (ρ₁ copies of each input channel plus ρ₁
 * constant channels) followed by a layer with the target's kernel and one channel per output,
 * whose base values are products a·u.
 *
 * <p><b>Residual networks</b> (PAPER §5). Batch norm is folded and each block's convolutions
 * are target layers ({@link TargetLayers}). The mother is itself a residual network: the
 * mother layer of a block's last convolution gets a random 1x1 shortcut convolution (the
 * target block's stride) from the channels that carry copies of the block's input — in L+1 the
 * ρ copies and constants of the sum layer before the block, in 2L the copy layer in front of
 * the block — added before its activation. The ticket realises every shortcut weight (the
 * identity's 1, open_lth's per-channel scale, or a folded 1x1 conv + batch norm) as a subset
 * sum over the shortcut edges from the copies of x_i into each output copy, exactly like a
 * kernel weight; a failure grows the carrying layer by a copy. Constant channels prune all
 * incoming edges, shortcut included, and stay φ(β); global average pooling is linear, so
 * pooled copies stay copies and pooled constants stay constants, and the head is a dense layer
 * on the pooled channels.
 *
 * <p><b>Biases</b> are subset sums over constant channels through the centre tap only, so they
 * are exact at zero-padded borders ({@link TargetLayer#biasPosition()}). A block's last layer
 * builds the sum of its own and the shortcut's folded bias.
 *
 * <p><b>Failures.</b> A subset-sum problem without a solution within η (and at most
 * {@code maxSubsetSize} terms) gets a larger base set: one more copy of its input channel is
 * materialised in the layer below (itself constructed, recursively, when that layer is a sum
 * layer), and the problem is solved again over all copies. Extra copies are real extra mother
 * channels, counted in the mother's width — the reference only counts its retries.
 *
 * <p><b>Determinism.</b> All parameters come from {@link MotherRandom}, keyed by logical channel
 * ids. The primary copies of each layer are built in parallel (each output channel by one task,
 * reading only the finished layers below); failures are then repaired sequentially in a fixed
 * order. The ticket is therefore bit-identical for every thread count.
 */
public final class TicketConstructor {
  private final Function<ConstructionSettings, SubsetSumSolver> solvers;

  /** A constructor solving every subset-sum problem with {@code solver}. */
  public TicketConstructor(SubsetSumSolver solver) {
    this.solvers = s -> solver;
  }

  private TicketConstructor(Function<ConstructionSettings, SubsetSumSolver> solvers) {
    this.solvers = solvers;
  }

  /**
   * The production constructor: each construction solves with a {@link SubsetSumSolverSelection} accepting
   * subsets of up to the settings' {@link ConstructionSettings#maxSubsetSize()} terms.
   */
  public static TicketConstructor selectingSolvers() {
    return new TicketConstructor(s -> new SubsetSumSolverSelection(s.maxSubsetSize()));
  }

  /** Counters of one construction run. */
  public record Statistics(
      long problems, long primaryFailures, long extraChannels, long keptParameters, double meanSubsetSize) {}

  /** A ticket with what it cost to build. */
  public record Result(Ticket ticket, List<TargetLayer> target, Statistics statistics, double seconds) {
    public Result {
      target = List.copyOf(target);
    }
  }

  /**
   * Constructs a ticket for a CNN or residual target (see {@link TargetLayers#of}); both run
   * through the same construction, a residual block's last layer simply has a shortcut.
   */
  public Result construct(Network target, ConstructionSettings settings, LongConsumer progress) {
    return construct(TargetLayers.of(target), target.inputShape(), settings, progress);
  }

  /**
   * Constructs a ticket for target weight layers.
   *
   * @param progress receives the number of target output channels finished so far (of
   *     {@link #progressTotal})
   * @throws IllegalArgumentException for an unsupported activation, mixed hidden activations, or
   *     a tanh/sigmoid target without {@link ConstructionSettings#inputBound()}
   */
  public Result construct(
      List<TargetLayer> target, int[] inputShape, ConstructionSettings settings, LongConsumer progress) {
    long start = System.nanoTime();
    if (target.isEmpty()) {
      throw new IllegalArgumentException("target has no layers");
    }
    ActivationKind copies = CopyRule.motherActivation(target).kind();
    if ((copies == ActivationKind.TANH || copies == ActivationKind.SIGMOID) && Double.isNaN(settings.inputBound())) {
      throw new IllegalArgumentException(
          copies.cliName() + " targets need the input bound B0 (|x| <= B0) to choose the copy weights' range:"
              + " use ConstructionSettings.withInputBound");
    }
    ConstructionRun run = new ConstructionRun(solvers.apply(settings), target, inputShape, settings, progress);
    Ticket ticket = run.build();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(ticket, target, run.statistics(ticket), seconds);
  }

  /** Number of progress units a construction reports: the output channels of all target layers. */
  public static long progressTotal(List<TargetLayer> target) {
    return target.stream().mapToLong(TargetLayer::outChannels).sum();
  }
}
