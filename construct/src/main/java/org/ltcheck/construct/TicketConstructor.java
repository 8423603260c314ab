package org.ltcheck.construct;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.subsetsum.SubsetSolution;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * Builds strong lottery tickets for CNN targets with Algorithm 2 (L+1) or Algorithm 1 (2L) of
 * Burkholz (ICML 2022), PAPER §3–§4, inside a real, seeded mother network.
 *
 * <p><b>L+1.</b> Mother layer 0 is a 1x1 copy layer: ρ₁ copies φ(a·x_i) of every input channel
 * and ρ₁ constant channels φ(β). Mother layer l (1 ≤ l ≤ L) has the target's kernel; every
 * output channel j of an intermediate layer has ρ copies plus ρ constant channels, the last
 * layer one channel per output. Layer 1 reads copies, so its base values are products a·u,
 * split by the sign of a (with ReLU a copy with a &gt; 0 carries a·x⁺, one with a &lt; 0 carries
 * |a|·x⁻, and w·x = w·x⁺ − w·x⁻ needs both sums ≈ w); later layers read ρ identical copies of
 * their input channel and their base values are single factors u.
 *
 * <p><b>2L.</b> Every target layer becomes a copy layer (ρ₁ copies of each input channel plus ρ₁
 * constant channels) followed by a layer with the target's kernel and one channel per output,
 * whose base values are products a·u.
 *
 * <p><b>Biases</b> are subset sums over constant channels through the centre tap only, so they
 * are exact at zero-padded borders ({@link TargetLayer#biasPosition()}).
 *
 * <p><b>Failures.</b> A subset-sum problem without a solution within η (and at most
 * {@code maxSubsetSize} terms) gets a larger base set: one more copy of its input channel is
 * materialised in the layer below (itself constructed, recursively, when that layer is a sum
 * layer), and the problem is solved again over all copies. Extra copies are real extra mother
 * channels, counted in the mother's width — the reference only counts its retries.
 *
 * <p><b>Determinism.</b> All parameters come from {@link MotherRandom}, keyed by logical channel
 * ids. The primary copies of each layer are built in parallel (each output channel by one task,
 * reading only the finished layer below); failures are then repaired sequentially in a fixed
 * order. The ticket is therefore bit-identical for every thread count.
 */
public final class TicketConstructor {
  /** Guard against a target no base set can reach (cannot happen for |w| ≤ the layer's scale). */
  private static final int MAX_EXTENSIONS_PER_PROBLEM = 1000;

  private final MinimumCardinalitySolver solver;

  public TicketConstructor(MinimumCardinalitySolver solver) {
    this.solver = solver;
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

  /** Constructs a ticket for a sequential CNN target (see {@link TargetLayers#of}). */
  public Result construct(Network target, ConstructionSettings settings, LongConsumer progress) {
    return construct(TargetLayers.of(target), target.inputShape(), settings, progress);
  }

  /**
   * Constructs a ticket for target weight layers.
   *
   * @param progress receives the number of target output channels finished so far (of
   *     {@link #progressTotal})
   */
  public Result construct(
      List<TargetLayer> target, int[] inputShape, ConstructionSettings settings, LongConsumer progress) {
    long start = System.nanoTime();
    for (TargetLayer t : target) {
      ActivationKind k = t.activation().kind();
      if (k != ActivationKind.RELU && k != ActivationKind.IDENTITY) {
        throw new IllegalArgumentException(
            "activation " + k.cliName() + " is not supported by the CNN construction yet (relu only)");
      }
    }
    Run run = new Run(target, inputShape, settings, progress);
    run.build();
    Ticket ticket = run.freeze();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(ticket, target, run.statistics(ticket), seconds);
  }

  /** Number of progress units a construction reports: the output channels of all target layers. */
  public static long progressTotal(List<TargetLayer> target) {
    return target.stream().mapToLong(TargetLayer::outChannels).sum();
  }

  /** One subset-sum problem of a sum-layer channel. */
  private record Problem(int inputGroup, int position, boolean negativePart, double target) {
    boolean isBias() {
      return inputGroup == ChannelId.BIAS_GROUP;
    }
  }

  /** A problem that failed in the parallel phase, to be repaired sequentially. */
  private record Failure(LayerBuild layer, Channel channel, int group, int copy, int order, Problem problem) {}

  /** The state of one construction. */
  private final class Run {
    private final List<TargetLayer> target;
    private final int[] inputShape;
    private final ConstructionSettings settings;
    private final MotherRandom random;
    private final LongConsumer progress;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong problems = new AtomicLong();
    private final AtomicLong keptTerms = new AtomicLong();
    private long primaryFailures;
    private long extraChannels;
    private final List<LayerBuild> layers = new ArrayList<>();

    Run(List<TargetLayer> target, int[] inputShape, ConstructionSettings settings, LongConsumer progress) {
      this.target = target;
      this.inputShape = inputShape.clone();
      this.settings = settings;
      this.random = new MotherRandom(settings.seed());
      this.progress = progress == null ? n -> {} : progress;
    }

    void build() {
      boolean map = inputShape.length == 3;
      int channels = inputShape[0];
      int height = map ? inputShape[1] : 1;
      int width = map ? inputShape[2] : 1;
      LayerBuild below = null;
      boolean belowNonNegative = settings.inputNonNegative();
      Construction c = settings.construction();
      for (int l = 0; l < target.size(); l++) {
        TargetLayer t = target.get(l);
        boolean last = l == target.size() - 1;
        if (t.inChannels() != channels) {
          throw new IllegalArgumentException(
              "target layer " + l + " expects " + t.inChannels() + " input channels but receives " + channels);
        }
        if (l == 0 || c == Construction.TWO_L) {
          LayerBuild copy = copyLayer(below, channels, height, width, map, belowNonNegative, t, l);
          layers.add(copy);
          below = copy;
        }
        boolean flatten = t.kind() == TargetLayer.Kind.DENSE && map;
        int copiesPerChannel = (c == Construction.L_PLUS_ONE && !last) ? settings.rho() : 1;
        int constantChannels = (c == Construction.L_PLUS_ONE && !last) ? settings.rho() : 0;
        LayerBuild sum = new LayerBuild(
            layers.size(), MotherLayerSpec.Role.SUM, t.kind(), t, l, below, t.outChannels(),
            below.channelsInOrder().size(), height, width, flatten, t.weightScale(), t.activation(),
            below.inputNonNegative || below.role == MotherLayerSpec.Role.SUM);
        layers.add(sum);
        buildSumLayer(sum, copiesPerChannel);
        for (int k = 0; k < constantChannels; k++) {
          sum.constants.add(constantChannel(sum, k));
        }
        belowNonNegative = t.activation().kind() == ActivationKind.RELU;
        below = sum;
        channels = t.outChannels();
        if (t.kind() == TargetLayer.Kind.CONV) {
          height = (height + 2 * t.padding() - t.kernelHeight()) / t.stride() + 1;
          width = (width + 2 * t.padding() - t.kernelWidth()) / t.stride() + 1;
        } else {
          map = false;
          height = 1;
          width = 1;
        }
      }
    }

    /**
     * A 1x1 copy layer over {@code below} (or the network input): ρ₁ copies of each channel with
     * one kept edge each, and ρ₁ constant channels. {@code inputNonNegative} records whether
     * what it copies is non-negative, which tells the next sum layer whether the negative
     * copies are needed.
     */
    private LayerBuild copyLayer(
        LayerBuild below, int channels, int height, int width, boolean map, boolean inputNonNegative,
        TargetLayer feeds, int targetIndex) {
      int inputWidth = below == null ? channels : below.channelsInOrder().size();
      LayerBuild copy = new LayerBuild(
          layers.size(), MotherLayerSpec.Role.COPY, map ? TargetLayer.Kind.CONV : TargetLayer.Kind.DENSE, feeds,
          targetIndex, below, channels, inputWidth, map ? height : 1, map ? width : 1, false, 2.0,
          copyActivation(feeds), inputNonNegative);
      for (int g = 0; g < channels; g++) {
        for (int k = 0; k < settings.rho1(); k++) {
          copy.copies.get(g).add(copyChannel(copy, g, k));
        }
      }
      for (int k = 0; k < settings.rho1(); k++) {
        copy.constants.add(constantChannel(copy, k));
      }
      return copy;
    }

    private Activation copyActivation(TargetLayer feeds) {
      return Activation.relu();
    }

    private long sourceId(LayerBuild copy, int group) {
      return copy.input == null ? ChannelId.of(group, 0) : copy.input.copies.get(group).get(0).id;
    }

    private Channel copyChannel(LayerBuild copy, int group, int index) {
      long id = ChannelId.of(group, index);
      long source = sourceId(copy, group);
      Channel ch = new Channel(id, random.weight(copy.index, id, source, 0, copy.scale), false);
      ch.keep(source, 0);
      return ch;
    }

    private Channel constantChannel(LayerBuild layer, int index) {
      long id = ChannelId.of(ChannelId.BIAS_GROUP, index);
      double beta = random.bias(layer.index, id);
      return new Channel(id, layer.activation.apply(beta), true);
    }

    /** Parallel phase over output channels, then sequential repair of failures. */
    private void buildSumLayer(LayerBuild sum, int copiesPerChannel) {
      int groups = sum.groups();
      List<List<Failure>> failures = new ArrayList<>();
      List<List<Channel>> built = new ArrayList<>();
      ForkJoinPool pool = new ForkJoinPool(settings.threads());
      try {
        List<Future<List<Channel>>> futures = new ArrayList<>();
        List<List<Failure>> perGroup = new ArrayList<>();
        for (int j = 0; j < groups; j++) {
          final int group = j;
          List<Failure> f = new ArrayList<>();
          perGroup.add(f);
          futures.add(pool.submit(() -> {
            List<Channel> chans = new ArrayList<>();
            for (int k = 0; k < copiesPerChannel; k++) {
              chans.add(sumChannel(sum, group, k, f));
            }
            progress.accept(done.incrementAndGet());
            return chans;
          }));
        }
        for (Future<List<Channel>> fu : futures) {
          built.add(fu.get());
        }
        failures.addAll(perGroup);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("construction interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(cause);
      } finally {
        pool.shutdown();
      }
      for (int j = 0; j < groups; j++) {
        sum.copies.get(j).addAll(built.get(j));
      }
      List<Failure> all = new ArrayList<>();
      failures.forEach(all::addAll);
      all.sort(Comparator.comparingInt(Failure::group).thenComparingInt(Failure::copy).thenComparingInt(Failure::order));
      primaryFailures += all.size();
      for (Failure f : all) {
        repair(f.layer(), f.channel(), f.problem());
      }
    }

    /**
     * Builds copy {@code index} of output channel {@code group}: one subset sum per nonzero target
     * weight (two for products when the input can be negative) and one for a nonzero bias.
     * Unsolved problems go to {@code failures} when given, otherwise they are repaired at once.
     */
    private Channel sumChannel(LayerBuild sum, int group, int index, List<Failure> failures) {
      Channel ch = new Channel(ChannelId.of(group, index), 1.0, false);
      List<Problem> list = problemsOf(sum, group);
      problems.addAndGet(list.size());
      Map<Integer, List<Integer>> bySize = new HashMap<>();
      List<List<Channel>> bases = new ArrayList<>(list.size());
      for (int q = 0; q < list.size(); q++) {
        List<Channel> base = base(sum, list.get(q));
        bases.add(base);
        bySize.computeIfAbsent(base.size(), n -> new ArrayList<>()).add(q);
      }
      SubsetSolution[] solutions = new SubsetSolution[list.size()];
      for (Map.Entry<Integer, List<Integer>> e : bySize.entrySet()) {
        List<Integer> qs = e.getValue();
        if (e.getKey() == 0) {
          continue;
        }
        double[][] values = new double[qs.size()][];
        double[] targets = new double[qs.size()];
        for (int r = 0; r < qs.size(); r++) {
          Problem p = list.get(qs.get(r));
          values[r] = values(sum, ch.id, p, bases.get(qs.get(r)));
          targets[r] = p.target();
        }
        SubsetSolution[] s = solver.solveBatch(values, targets, tolerance(sum));
        for (int r = 0; r < qs.size(); r++) {
          solutions[qs.get(r)] = s[r];
        }
      }
      for (int q = 0; q < list.size(); q++) {
        SubsetSolution s = solutions[q];
        if (s != null && s.found()) {
          keep(sum, ch, list.get(q), bases.get(q), s);
        } else if (failures != null) {
          failures.add(new Failure(sum, ch, group, index, q, list.get(q)));
        } else {
          repair(sum, ch, list.get(q));
        }
      }
      return ch;
    }

    /**
     * Enlarges the base set by extra copies in the layer below until the problem is solved. Base
     * sets are capped at the solver's limit by using the most recent copies, so a long run of
     * failures keeps drawing fresh random values instead of overflowing the solver.
     */
    private void repair(LayerBuild sum, Channel ch, Problem p) {
      for (int attempt = 0; attempt < MAX_EXTENSIONS_PER_PROBLEM; attempt++) {
        List<Channel> base = base(sum, p);
        if (!base.isEmpty()) {
          SubsetSolution s = solver.solve(values(sum, ch.id, p, base), p.target(), tolerance(sum));
          if (s.found()) {
            keep(sum, ch, p, base, s);
            return;
          }
        } else if (Math.abs(p.target()) <= tolerance(sum)) {
          return;
        }
        extend(sum.input, p.inputGroup());
      }
      throw new IllegalStateException(
          "no subset of up to " + MinimumCardinalitySolver.MAX_BASE_SET_SIZE + " copies approximates target value "
              + p.target() + " within " + tolerance(sum) + " in mother layer " + sum.index + " after "
              + MAX_EXTENSIONS_PER_PROBLEM + " extra copies");
    }

    /** Adds one channel to {@code group} of {@code layer}: a copy, a constant, or a constructed sum channel. */
    private void extend(LayerBuild layer, int group) {
      extraChannels++;
      if (group == ChannelId.BIAS_GROUP) {
        layer.constants.add(constantChannel(layer, layer.constants.size()));
      } else if (layer.role == MotherLayerSpec.Role.COPY) {
        List<Channel> g = layer.copies.get(group);
        g.add(copyChannel(layer, group, g.size()));
      } else {
        List<Channel> g = layer.copies.get(group);
        g.add(sumChannel(layer, group, g.size(), null));
      }
    }

    /**
     * The layer's tolerance, less a hair: the certificate recomputes each composed value with its
     * own summation order, and the slack keeps its check "error ≤ tolerance" independent of
     * floating-point association.
     */
    private double tolerance(LayerBuild sum) {
      return settings.layerTolerance(sum.targetIndex, target.size()) * (1 - 1e-9);
    }

    private List<Problem> problemsOf(LayerBuild sum, int group) {
      TargetLayer t = sum.target;
      boolean split = sum.readsCopies() && !sum.inputNonNegative;
      List<Problem> list = new ArrayList<>();
      for (int i = 0; i < t.inChannels(); i++) {
        for (int p = 0; p < t.positions(); p++) {
          double w = t.weight(group, i, p);
          if (w != 0) {
            list.add(new Problem(i, p, false, w));
            if (split) {
              list.add(new Problem(i, p, true, w));
            }
          }
        }
      }
      if (t.bias(group) != 0) {
        list.add(new Problem(ChannelId.BIAS_GROUP, t.biasPosition(), false, t.bias(group)));
      }
      return list;
    }

    /**
     * The channels whose edges may realise problem {@code p}: the copies of its input channel (of
     * the matching sign for products) or the constant channels, at most the solver's limit (the
     * most recent ones when more exist).
     */
    private List<Channel> base(LayerBuild sum, Problem p) {
      LayerBuild in = sum.input;
      List<Channel> candidates = p.isBias() ? in.constants : in.copies.get(p.inputGroup());
      List<Channel> base = candidates;
      if (!p.isBias() && sum.readsCopies()) {
        base = new ArrayList<>(candidates.size());
        for (Channel c : candidates) {
          if (p.negativePart() ? c.carried < 0 : c.carried > 0) {
            base.add(c);
          }
        }
      }
      int limit = MinimumCardinalitySolver.MAX_BASE_SET_SIZE;
      return base.size() <= limit ? base : base.subList(base.size() - limit, base.size());
    }

    private double[] values(LayerBuild sum, long outId, Problem p, List<Channel> base) {
      double[] v = new double[base.size()];
      for (int k = 0; k < v.length; k++) {
        Channel c = base.get(k);
        v[k] = (double) random.weight(sum.index, outId, c.id, p.position(), sum.scale) * c.carried;
      }
      return v;
    }

    private void keep(LayerBuild sum, Channel ch, Problem p, List<Channel> base, SubsetSolution s) {
      for (int idx : s.indices()) {
        ch.keep(base.get(idx).id, p.position());
      }
      keptTerms.addAndGet(s.cardinality());
    }

    Ticket freeze() {
      List<MotherLayerSpec> specs = new ArrayList<>();
      List<LayerMask> masks = new ArrayList<>();
      long[] inputIds = new long[inputShape[0]];
      for (int g = 0; g < inputIds.length; g++) {
        inputIds[g] = ChannelId.of(g, 0);
      }
      for (LayerBuild l : layers) {
        List<Channel> order = l.channelsInOrder();
        long[] ids = new long[order.size()];
        for (int k = 0; k < ids.length; k++) {
          ids[k] = order.get(k).id;
        }
        TargetLayer t = l.target;
        boolean sum = l.role == MotherLayerSpec.Role.SUM;
        MotherLayerSpec spec = new MotherLayerSpec(
            l.index, l.role, l.kind, sum ? t.kernelHeight() : 1, sum ? t.kernelWidth() : 1, sum ? t.stride() : 1,
            sum ? t.padding() : 0, l.inputHeight, l.inputWidth, l.flattenBefore, inputIds, ids, l.scale,
            l.activation, sum ? l.targetIndex : -1);
        specs.add(spec);
        masks.add(mask(spec, order));
        inputIds = ids;
      }
      return new Ticket(new MotherSpec(settings.seed(), settings.construction(), inputShape, specs), masks);
    }

    private LayerMask mask(MotherLayerSpec spec, List<Channel> order) {
      Map<Long, Integer> inputIndex = new HashMap<>();
      for (int k = 0; k < spec.inChannels(); k++) {
        inputIndex.put(spec.inputChannelId(k), k);
      }
      long count = 0;
      for (Channel c : order) {
        count += c.edgeCount();
      }
      long[] kept = new long[Math.toIntExact(count)];
      int n = 0;
      List<Integer> biases = new ArrayList<>();
      for (int o = 0; o < order.size(); o++) {
        Channel c = order.get(o);
        for (int e = 0; e < c.edgeCount(); e++) {
          kept[n++] = spec.weightIndex(o, inputIndex.get(c.edgeInput(e)), c.edgePosition(e));
        }
        if (c.keepBias) {
          biases.add(o);
        }
      }
      java.util.Arrays.sort(kept);
      return new LayerMask(kept, biases.stream().mapToInt(Integer::intValue).toArray());
    }

    Statistics statistics(Ticket ticket) {
      long p = problems.get();
      return new Statistics(p, primaryFailures, extraChannels, ticket.parameterCount(), p == 0 ? 0 : keptTerms.get() / (double) p);
    }
  }
}
