package org.ltcheck.cli;

import java.io.IOException;
import org.ltcheck.data.Cifar10Fetcher;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.MnistFetcher;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.gpu.data.CropFlip;
import org.ltcheck.gpu.data.ImageData;
import org.ltcheck.gpu.data.SyntheticImages;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.Seeds;

/** The training and test sets a run uses. */
record TrainingData(ImageData train, ImageData test) {
  /** Padding of the CIFAR-10 random crop (torchvision RandomCrop(32, padding=4)). */
  static final int CIFAR_CROP_PADDING = 4;

  /**
   * Synthetic data ({@code --synthetic N}: N training and N/4 test examples drawn from the run
   * seed) or the model's real data set: MNIST normalised as the target was (no augmentation);
   * CIFAR-10 with per-channel normalisation and, on the training set, random 4-pixel-padded crops
   * and horizontal flips.
   */
  static TrainingData load(Architecture arch, RunOptions o) throws IOException {
    if (o.synthetic < 0) {
      throw new IllegalArgumentException("--synthetic must be >= 0, got " + o.synthetic);
    }
    if (o.synthetic > 0) {
      int test = Math.max(1, o.synthetic / 4);
      ImageData all = SyntheticImages.generate(Seeds.derive(o.seed, Seeds.Purpose.DATA, 0),
          o.synthetic + test, arch.inputShape(), 10, 1.0);
      return new TrainingData(all.range(0, o.synthetic), all.range(o.synthetic, o.synthetic + test));
    }
    return switch (arch) {
      case MNIST_CNN -> {
        MnistFetcher f = MnistFetcher.withDefaults();
        yield new TrainingData(of(f.loadNormalised(Split.TRAIN, o.dataDir)), of(f.loadNormalised(Split.TEST, o.dataDir)));
      }
      case RESNET22 -> {
        Cifar10Fetcher f = Cifar10Fetcher.withDefaults();
        Normalization n = Normalization.CIFAR10;
        ImageData train = of(f.loadNormalised(Split.TRAIN, o.dataDir))
            .withAugmentation(CropFlip.forNormalisation(CIFAR_CROP_PADDING, n.mean(), n.std()));
        yield new TrainingData(train, of(f.loadNormalised(Split.TEST, o.dataDir)));
      }
    };
  }

  private static ImageData of(Dataset d) {
    return ImageData.of(d.images(), d.labels(), d.numClasses());
  }
}
