package org.ltcheck.gpu.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ltcheck.tensor.FloatTensor;

/**
 * Normalised images (N,C,H,W) with labels, as training consumes them: batches are assembled in
 * a given order, each image passed through the augmentation with the epoch's generator. The
 * data loaders produce the images; this class only batches them.
 */
public final class ImageData {
  private final float[] images;
  private final int[] labels;
  private final int[] chw;
  private final int classes;
  private final Augmentation augmentation;

  private ImageData(float[] images, int[] labels, int[] chw, int classes, Augmentation augmentation) {
    this.images = images;
    this.labels = labels;
    this.chw = chw;
    this.classes = classes;
    this.augmentation = augmentation;
  }

  /**
   * Wraps normalised images of shape (N,C,H,W) and their labels in [0, classes).
   *
   * @throws IllegalArgumentException naming the first bad label or the shape mismatch
   */
  public static ImageData of(FloatTensor images, int[] labels, int classes) {
    if (images.rank() != 4 || images.dim(0) != labels.length) {
      throw new IllegalArgumentException("images " + Arrays.toString(images.shape()) + " do not match "
          + labels.length + " labels (expected shape (N,C,H,W))");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is not in [0, " + classes + ")");
      }
    }
    int[] chw = {images.dim(1), images.dim(2), images.dim(3)};
    return new ImageData(images.toArray(), labels.clone(), chw, classes, Augmentation.NONE);
  }

  /** The same data with an augmentation applied when batches are assembled. */
  public ImageData withAugmentation(Augmentation a) {
    return new ImageData(images, labels, chw, classes, a);
  }

  /** The first {@code n} examples (smoke runs). */
  public ImageData limit(int n) {
    return n >= size() ? this : range(0, n);
  }

  /** Examples [from, to), e.g. to split one generated set into training and test parts. */
  public ImageData range(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") outside 0.." + size());
    }
    int per = exampleSize();
    return new ImageData(Arrays.copyOfRange(images, from * per, to * per), Arrays.copyOfRange(labels, from, to),
        chw, classes, augmentation);
  }

  public int size() {
    return labels.length;
  }

  public int classes() {
    return classes;
  }

  /** Per-example shape (C,H,W). */
  public int[] imageShape() {
    return chw.clone();
  }

  public int exampleSize() {
    return chw[0] * chw[1] * chw[2];
  }

  public int label(int i) {
    return labels[i];
  }

  /**
   * Writes examples order[from .. from+count) into {@code batchImages} and their labels (as
   * floats) into {@code batchLabels}, augmenting each with draws from {@code rng} in order.
   */
  public void fillBatch(int[] order, int from, int count, RandomGenerator rng, float[] batchImages, float[] batchLabels) {
    int per = exampleSize();
    for (int i = 0; i < count; i++) {
      int e = order[from + i];
      augmentation.apply(images, e * per, batchImages, i * per, chw, rng);
      batchLabels[i] = labels[e];
    }
  }
}
