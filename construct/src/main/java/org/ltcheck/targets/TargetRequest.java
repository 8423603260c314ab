package org.ltcheck.targets;

import java.util.Optional;
import java.util.OptionalDouble;
import org.ltcheck.theory.ActivationKind;

/**
 * A target as the command line names it, before anything is read.
 *
 * @param name {@code mnist}, {@code random-resnet22}, a safetensors or an ONNX file; empty when
 *     only {@code arch} describes the target
 * @param arch the file's format, or dense layers without a file
 * @param input the input shape (C, H, W) when given; otherwise the target's or the dataset's
 * @param activation the activation of every hidden layer when given: a target trained with
 *     another one is re-evaluated with this one, as the paper does; otherwise the file's own
 *     (an ONNX graph's activations, ReLU for the formats that do not name one)
 * @param dataset the images the target reads, when given; otherwise the target's own
 * @param inputBound B₀, the bound on |x| over the input domain, when given; otherwise the
 *     dataset's (an ONNX graph whose input is no known data set's needs one of the two)
 */
public record TargetRequest(
    Optional<String> name,
    TargetArch arch,
    Optional<InputShape> input,
    Optional<ActivationKind> activation,
    Optional<TargetDataset> dataset,
    OptionalDouble inputBound) {

  public TargetRequest {
    if (inputBound.isPresent() && !(inputBound.getAsDouble() >= 0 && Double.isFinite(inputBound.getAsDouble()))) {
      throw new IllegalArgumentException(
          "--input-bound = " + inputBound.getAsDouble() + " must be a non-negative finite number");
    }
  }

  /** A request with the given activation and no input bound. */
  public TargetRequest(Optional<String> name, TargetArch arch, Optional<InputShape> input, ActivationKind activation,
      Optional<TargetDataset> dataset) {
    this(name, arch, input, Optional.of(activation), dataset, OptionalDouble.empty());
  }

  /** The bundled target, ReLU, everything else from it. */
  public static TargetRequest bundledMnist() {
    return new TargetRequest(Optional.of(Targets.MNIST), TargetArch.Family.AUTO, Optional.empty(),
        ActivationKind.RELU, Optional.empty());
  }
}
