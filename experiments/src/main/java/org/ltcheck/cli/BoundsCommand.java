package org.ltcheck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.Optional;
import org.ltcheck.targets.RandomResNetSettings;
import org.ltcheck.targets.TargetDescription;
import org.ltcheck.targets.TargetRequest;
import org.ltcheck.targets.Targets;
import org.ltcheck.bounds.BoundsCalculator;
import org.ltcheck.bounds.BoundsReport;
import org.ltcheck.bounds.BoundsSettings;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.theory.SubsetSumBound;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ltcheck bounds}: mother widths, parameter counts and error bounds for a target. */
@Command(
    name = "bounds",
    description =
        "Widths, depth and parameter counts of the mother network the L+1 or 2L construction needs for a"
            + " target, the base-set sizes behind them, and the worst-case output error (PAPER 2b).")
public final class BoundsCommand implements Callable<Integer> {
  private static final double DEFAULT_ETA = 0.01;

  /** {@code --target random-resnet22} as construct draws it by default (seed 1, statistics from 2000 images). */
  private static final RandomResNetSettings RANDOM_RESNET =
      new RandomResNetSettings(Optional.empty(), 1, 2000, Runtime.getRuntime().availableProcessors());

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Mixin TargetOptions targetOptions;

  @Option(names = "--eps", paramLabel = "ETA",
      description = "Per-parameter tolerance eta in (0, 1) (default: " + DEFAULT_ETA + ").")
  Double eta;

  @Option(names = "--output-eps", paramLabel = "EPS",
      description = "Output tolerance: report the largest uniform eta whose worst-case output error meets it (instead of --eps).")
  Double outputEps;

  @Option(names = "--delta", defaultValue = "0.01", description = "Failure probability in (0, 1) (default: ${DEFAULT-VALUE}).")
  double delta;

  @Option(names = "--construction", paramLabel = "L+1|2L", defaultValue = "L+1",
      description = "Construction: L+1 (Algorithm 2) or 2L (Algorithm 1) (default: ${DEFAULT-VALUE}).")
  String construction;

  @Option(names = "--rho", description = "Fix the base-set size for single factors instead of deriving it.")
  Integer rho;

  @Option(names = "--rho1", description = "Fix the sign-split base-set size for products instead of deriving it.")
  Integer rho1;

  @Option(names = "--c", defaultValue = "" + SubsetSumBound.C_SINGLE_DEFAULT,
      description = "Subset-sum constant C for single factors (default: ${DEFAULT-VALUE}).")
  double cSingle;

  @Option(names = "--c-product", defaultValue = "" + SubsetSumBound.C_PRODUCT_DEFAULT,
      description = "Subset-sum constant C for products (default: ${DEFAULT-VALUE}).")
  double cProduct;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (targetOptions.target == null && !targetOptions.describesLayers()) {
      throw new IllegalArgumentException("Missing required argument: give --target FILE|" + Targets.MNIST + "|"
          + Targets.RANDOM_RESNET + " or --arch LAYERS (e.g. conv:1-32-3,linear:25088-10)");
    }
    TargetRequest request = targetOptions.request(Optional.empty());
    validate();
    TargetDescription target = Targets.describe(request, RANDOM_RESNET);
    BoundsSettings settings = settings(request.activation().orElseGet(target::hiddenActivation),
        request.inputBound().orElse(target.inputBound()));
    BoundsReport report = BoundsCalculator.compute(target, settings);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      out.print(BoundsText.render(report));
    }
    out.flush();
    return 0;
  }

  /** Checks the options before a target is read, so a typo does not wait for a large file. */
  private void validate() {
    if (eta != null && outputEps != null) {
      throw new IllegalArgumentException("give --eps or --output-eps, not both");
    }
    requireOpenUnit("--eps", eta == null ? DEFAULT_ETA : eta);
    requireOpenUnit("--delta", delta);
    if (outputEps != null && !(outputEps > 0 && Double.isFinite(outputEps))) {
      throw new IllegalArgumentException("--output-eps = " + outputEps + " must be a positive finite number");
    }
    requirePositive("--c", cSingle);
    requirePositive("--c-product", cProduct);
    if (rho != null && rho < 1) {
      throw new IllegalArgumentException("--rho = " + rho + " must be at least 1");
    }
    if (rho1 != null && rho1 < 2) {
      throw new IllegalArgumentException("--rho1 = " + rho1 + " must be at least 2 (products are split by sign)");
    }
    Construction.fromLabel(construction);
  }

  private BoundsSettings settings(ActivationKind activation, double inputBound) {
    return new BoundsSettings(
        Construction.fromLabel(construction),
        eta == null ? DEFAULT_ETA : eta,
        outputEps == null ? OptionalDouble.empty() : OptionalDouble.of(outputEps),
        delta,
        activation,
        rho == null ? OptionalInt.empty() : OptionalInt.of(rho),
        rho1 == null ? OptionalInt.empty() : OptionalInt.of(rho1),
        cSingle,
        cProduct,
        inputBound);
  }

  private static void requireOpenUnit(String option, double v) {
    if (!(v > 0 && v < 1)) {
      throw new IllegalArgumentException(option + " = " + v + " is outside the open interval (0, 1)");
    }
  }

  private static void requirePositive(String option, double v) {
    if (!(v > 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(option + " = " + v + " must be a positive finite number");
    }
  }
}
