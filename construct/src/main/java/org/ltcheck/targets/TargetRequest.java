package org.ltcheck.targets;

import java.util.Optional;
import org.ltcheck.theory.ActivationKind;

/**
 * A target as the command line names it, before anything is read.
 *
 * @param name {@code mnist}, {@code random-resnet22} or a safetensors file; empty when only
 *     {@code arch} describes the target
 * @param arch the file's format, or dense layers without a file
 * @param input the input shape (C, H, W) when given; otherwise the target's or the dataset's
 * @param activation the activation of every hidden layer; a target trained with another one is
 *     re-evaluated with this one, as the paper does
 * @param dataset the images the target reads, when given; otherwise the target's own
 */
public record TargetRequest(
    Optional<String> name,
    TargetArch arch,
    Optional<InputShape> input,
    ActivationKind activation,
    Optional<TargetDataset> dataset) {

  /** The bundled target, ReLU, everything else from it. */
  public static TargetRequest bundledMnist() {
    return new TargetRequest(Optional.of(Targets.MNIST), TargetArch.Family.AUTO, Optional.empty(),
        ActivationKind.RELU, Optional.empty());
  }
}
