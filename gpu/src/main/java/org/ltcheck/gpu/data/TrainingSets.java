package org.ltcheck.gpu.data;

import java.io.IOException;
import java.nio.file.Path;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Normalization;
import org.ltcheck.data.Split;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.Seeds;
import org.ltcheck.targets.TargetDataset;

/**
 * The training and test sets a run of an {@link Architecture} uses. One place decides how each
 * paper architecture's data is read and augmented, so that {@code ltcheck train|prune} and
 * {@code ltcheck reproduce} train on exactly the same data.
 */
public record TrainingSets(ImageData train, ImageData test) {
  /** Padding of the CIFAR-10 random crop (torchvision RandomCrop(32, padding=4)). */
  public static final int CIFAR_CROP_PADDING = 4;

  /**
   * Synthetic data ({@code synthetic} = N &gt; 0: N training and N/4 test examples drawn from the
   * run seed) or the architecture's real data set: MNIST normalised as the target was (no
   * augmentation); CIFAR-10 with per-channel normalisation and, on the training set, random
   * 4-pixel-padded crops and horizontal flips.
   *
   * @param dataDir directory with (or for) the data set files, or null for the default cache
   * @throws IllegalArgumentException for a negative {@code synthetic}
   */
  public static TrainingSets load(Architecture arch, Path dataDir, int synthetic, long seed) throws IOException {
    if (synthetic < 0) {
      throw new IllegalArgumentException("--synthetic must be >= 0, got " + synthetic);
    }
    if (synthetic > 0) {
      int test = Math.max(1, synthetic / 4);
      ImageData all = SyntheticImages.generate(Seeds.derive(seed, Seeds.Purpose.DATA, 0),
          synthetic + test, arch.inputShape(), 10, 1.0);
      return new TrainingSets(all.range(0, synthetic), all.range(synthetic, synthetic + test));
    }
    Dataset test = dataset(arch, Split.TEST, dataDir);
    ImageData train = of(dataset(arch, Split.TRAIN, dataDir));
    if (arch.dataset() == TargetDataset.CIFAR10) {
      Normalization n = normalization(arch);
      train = train.withAugmentation(CropFlip.forNormalisation(CIFAR_CROP_PADDING, n.mean(), n.std()));
    }
    return new TrainingSets(train, of(test));
  }

  /**
   * One split of the architecture's data set ({@link Architecture#dataset()}: MNIST for 1x28x28
   * models, CIFAR-10 for 3x32x32 ones), normalised as its networks expect, fetched into the cache
   * when missing; the test split is also what tickets are evaluated on.
   *
   * @param dataDir directory with (or for) the data set files, or null for the default cache
   */
  public static Dataset dataset(Architecture arch, Split split, Path dataDir) throws IOException {
    return arch.dataset().load(split, dataDir);
  }

  /** The per-channel normalisation {@link #dataset} applies for {@code arch}. */
  public static Normalization normalization(Architecture arch) {
    return arch.dataset().normalization();
  }

  /** A data set of the construct module as training data (no augmentation). */
  public static ImageData of(Dataset d) {
    return ImageData.of(d.images(), d.labels(), d.numClasses());
  }
}
