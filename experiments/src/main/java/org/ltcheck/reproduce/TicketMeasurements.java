package org.ltcheck.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ltcheck.construct.ConstructionSettings;
import org.ltcheck.construct.TargetLayer;
import org.ltcheck.construct.TargetLayers;
import org.ltcheck.construct.TicketCertificate;
import org.ltcheck.construct.TicketConstructor;
import org.ltcheck.construct.TicketErrorBound;
import org.ltcheck.construct.TicketVerifier;
import org.ltcheck.data.Cifar10Fetcher;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.evaluation.TicketEvaluation;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.BatchNormEstimation;
import org.ltcheck.targets.CifarResNetTarget;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.targets.RandomResNetTarget;
import org.ltcheck.targets.ResNetPlan;
import org.ltcheck.targets.TargetVariants;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.ErrorBound;
import org.ltcheck.theory.ErrorPropagation;

/**
 * Reproduction main for the residual and activation tickets (not part of the CLI):
 *
 * <pre>
 * resnet  [L+1|2L] [images] [bnImages] [threads]   random open_lth ResNet-20 ("ResNet-22"), batch-norm
 *                                                   statistics from CIFAR-10 training images, ε = 0.01, seed 1
 * mnist   [relu|lrelu|tanh|sigmoid] [L+1|2L] [images] [threads]   the bundled MNIST target re-evaluated
 *                                                   with the activation
 * </pre>
 */
public final class TicketMeasurements {
  /** ε per parameter; {@code -Dltcheck.eps=...} overrides the paper's 0.01. */
  private static final double EPS = Double.parseDouble(System.getProperty("ltcheck.eps", "0.01"));
  private static final long SEED = 1;

  private TicketMeasurements() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: resnet [L+1|2L] [images] [bnImages] [threads] | mnist [activation] [L+1|2L] [images] [threads]");
    }
    switch (args[0]) {
      case "resnet" -> resnet(Construction.fromLabel(arg(args, 1, "L+1")), Integer.parseInt(arg(args, 2, "200")),
          Integer.parseInt(arg(args, 3, "2000")), Integer.parseInt(arg(args, 4, "2")));
      case "mnist" -> mnist(ActivationKind.fromCliName(arg(args, 1, "tanh")), Construction.fromLabel(arg(args, 2, "L+1")),
          Integer.parseInt(arg(args, 3, "10000")), Integer.parseInt(arg(args, 4, "2")));
      default -> throw new IllegalArgumentException("unknown measurement '" + args[0] + "'");
    }
  }

  private static String arg(String[] args, int k, String def) {
    return args.length > k ? args[k] : def;
  }

  /** max |x| over CIFAR-10 pixels in [0,1] after the reference normalisation. */
  static double cifarInputBound() {
    Normalization n = Normalization.CIFAR10;
    double b = 0;
    for (int c = 0; c < n.channels(); c++) {
      b = Math.max(b, Math.max((1 - n.mean()[c]) / n.std()[c], n.mean()[c] / n.std()[c]));
    }
    return b;
  }

  static void resnet(Construction c, int images, int bnImages, int threads) throws IOException {
    ResNetPlan plan = ResNetPlan.cifarResNet20();
    Network random = CifarResNetTarget.fromStateDict(
        RandomResNetTarget.stateDict(plan, SEED, RandomResNetTarget.Options.openLth()), plan.inputShape(),
        Activation.relu());
    Cifar10Fetcher cifar = Cifar10Fetcher.withDefaults();
    Dataset train = cifar.loadNormalised(Split.TRAIN, null);
    List<FloatTensor> batches = new ArrayList<>();
    for (int from = 0; from < bnImages; from += 250) {
      batches.add(train.batch(from, Math.min(bnImages, from + 250)));
    }
    long b0 = System.nanoTime();
    Network target = BatchNormEstimation.estimate(random, batches, (n, b) -> {
      try (InferenceEngine e = new InferenceEngine(n, threads)) {
        return e.forward(b);
      }
    });
    System.out.printf(Locale.ROOT, "batch-norm statistics from %d CIFAR-10 training images (%s) in %.1f s%n",
        bnImages, train.description(), (System.nanoTime() - b0) / 1e9);
    CifarResNetTarget.write(Path.of("resnet20-random-seed1-bn" + bnImages + ".safetensors"), CifarResNetTarget.stateDict(target));
    measure("ResNet-22 (open_lth cifar_resnet_20, random init, seed 1)", target, c, cifarInputBound(),
        cifar.loadNormalised(Split.TEST, null), images, threads);
  }

  static void mnist(ActivationKind kind, Construction c, int images, int threads) throws IOException {
    Activation a = Activation.of(kind);
    Network target = TargetVariants.withActivation(MnistCnnTarget.bundled(), a);
    measure("MNIST CNN re-evaluated with " + kind.cliName(), target, c, ErrorPropagation.MNIST_INPUT_BOUND,
        MnistFetcher.withDefaults().loadNormalised(Split.TEST, null), images, threads);
  }

  static void measure(String name, Network target, Construction c, double inputBound, Dataset test, int images,
      int threads) {
    List<TargetLayer> layers = TargetLayers.of(target);
    long nonZero = layers.stream()
        .mapToLong(t -> t.nonZeroWeights() + t.nonZeroBiases() + (t.hasSkip() ? t.skip().nonZeroWeights() : 0))
        .sum();
    ConstructionSettings s = ConstructionSettings.of(c, EPS, SEED).withThreads(threads).withInputBound(inputBound);
    long total = TicketConstructor.progressTotal(layers);
    long[] last = {System.nanoTime()};
    TicketConstructor.Result r = new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize()))
        .construct(target, s, done -> {
          long now = System.nanoTime();
          if (now - last[0] > 30e9) {
            last[0] = now;
            System.out.printf(Locale.ROOT, "  constructed %d of %d target channels%n", done, total);
          }
        });
    long c0 = System.nanoTime();
    TicketCertificate cert = TicketVerifier.certify(r.ticket(), layers, s);
    double certSeconds = (System.nanoTime() - c0) / 1e9;
    ErrorBound bound = TicketErrorBound.worstCase(layers, inputBound, cert);
    System.out.printf(Locale.ROOT, "%s, %s, eps %s, seed %d%n", name, c.label(), EPS, SEED);
    System.out.printf(Locale.ROOT, "  construction %.1f s (%d subset sums, %d primary failures, %d extra channels, mean subset %.2f)%n",
        r.seconds(), r.statistics().problems(), r.statistics().primaryFailures(), r.statistics().extraChannels(),
        r.statistics().meanSubsetSize());
    System.out.printf(Locale.ROOT, "  mother widths %s%n", Arrays.toString(r.ticket().mother().widths()));
    System.out.printf(Locale.ROOT, "  parameters: target nonzero %,d | ticket %,d (%.2fx) | mother %,d%n", nonZero,
        cert.ticketParameters(), cert.ticketParameters() / (double) nonZero, cert.motherParameters());
    long checked = cert.layers().stream().mapToLong(l -> l.checkedWeights() + l.checkedSkipWeights() + l.checkedBiases()).sum();
    System.out.printf(Locale.ROOT, "  certificate %s in %.1f s: %,d composed values checked, max error %.6f, max linearisation error %.3g, violations %d%n",
        cert.valid() ? "VALID" : "INVALID", certSeconds, checked, cert.maxError(), cert.maxLinearisationError(),
        cert.violationCount());
    System.out.printf(Locale.ROOT, "  worst-case output bound over |x| <= %.4f: %.4g (per layer %s)%n", inputBound,
        bound.outputBound(), Arrays.toString(Arrays.stream(bound.layerMaxErrors()).mapToObj(v -> String.format(Locale.ROOT, "%.3g", v)).toArray()));
    if (images > 0) {
      long[] lastEval = {System.nanoTime()};
      TicketEvaluation.Result e = TicketEvaluation.evaluate(target, r.ticket(), test, images, threads, (done, all) -> {
        long now = System.nanoTime();
        if (now - lastEval[0] > 60e9) {
          lastEval[0] = now;
          System.out.printf(Locale.ROOT, "  evaluated %d of %d passes%n", done, all);
        }
      });
      var a = e.agreement();
      System.out.printf(Locale.ROOT, "  %s: target %d (%.2f%%), ticket %d (%.2f%%), agreement %.2f%%, max |logit diff| %.4g (max |target logit| %.4g)%n",
          a.description(), a.targetCorrect(), 100 * a.targetAccuracy(), a.ticketCorrect(),
          100 * a.ticketAccuracy(), 100 * a.agreement(), a.maxLogitDifference(), e.maxTargetLogit());
      System.out.printf(Locale.ROOT, "  inference: target %.1f images/s, ticket %.2f images/s (%d threads)%n",
          e.targetImagesPerSecond(), e.ticketImagesPerSecond(), threads);
    }
  }
}
