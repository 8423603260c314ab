package org.ltcheck.cli;

import org.ltcheck.gpu.data.ImageData;
import org.ltcheck.gpu.data.SyntheticImages;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.Seeds;

/** The training and test sets a run uses. */
record TrainingData(ImageData train, ImageData test) {
  /**
   * Synthetic data ({@code --synthetic N}: N training and N/4 test examples drawn from the run
   * seed) or the model's real data set.
   */
  static TrainingData load(Architecture arch, RunOptions o) {
    if (o.synthetic < 0) {
      throw new IllegalArgumentException("--synthetic must be >= 0, got " + o.synthetic);
    }
    if (o.synthetic > 0) {
      int test = Math.max(1, o.synthetic / 4);
      ImageData all = SyntheticImages.generate(Seeds.derive(o.seed, Seeds.Purpose.DATA, 0),
          o.synthetic + test, arch.inputShape(), 10, 1.0);
      return new TrainingData(all.range(0, o.synthetic), all.range(o.synthetic, o.synthetic + test));
    }
    throw new IllegalArgumentException("loading the real " + (arch == Architecture.MNIST_CNN ? "MNIST" : "CIFAR-10")
        + " data set needs the data loaders of the construct module, which are not merged yet; use --synthetic N");
  }

}
