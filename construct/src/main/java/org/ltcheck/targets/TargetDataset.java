package org.ltcheck.targets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ltcheck.data.Cifar10Fetcher;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;

/** The image data a target reads: the shape of one image and the normalisation it was trained with. */
public enum TargetDataset {
  MNIST("mnist", Normalization.MNIST, InputShape.MNIST),
  CIFAR10("cifar10", Normalization.CIFAR10, new InputShape(3, 32, 32));

  private final String cliName;
  private final Normalization normalization;
  private final InputShape imageShape;

  TargetDataset(String cliName, Normalization normalization, InputShape imageShape) {
    this.cliName = cliName;
    this.normalization = normalization;
    this.imageShape = imageShape;
  }

  public String cliName() {
    return cliName;
  }

  public Normalization normalization() {
    return normalization;
  }

  /**
   * This data set's {@code split}, normalised as the target was trained, from {@code dataDir}
   * (null: fetched or converted, and cached).
   */
  public Dataset load(Split split, Path dataDir) throws IOException {
    return this == CIFAR10 ? Cifar10Fetcher.withDefaults().loadNormalised(split, dataDir)
        : MnistFetcher.withDefaults().loadNormalised(split, dataDir);
  }

  /** Shape (C, H, W) of one image. */
  public InputShape imageShape() {
    return imageShape;
  }

  /** Parses {@code mnist} or {@code cifar10}; the message names the rejected value. */
  public static TargetDataset parse(String text) {
    for (TargetDataset d : values()) {
      if (d.cliName.equals(text.toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException("--dataset must be mnist or cifar10, got '" + text + "'");
  }
}
