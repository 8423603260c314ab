package org.ltcheck.data;

import java.util.Arrays;
import org.ltcheck.tensor.FloatTensor;

/**
 * Labelled images ready for a network: already normalised, shape (N, C, H, W).
 *
 * @param images normalised images, shape (N, C, H, W)
 * @param labels class of each image, in [0, numClasses)
 * @param numClasses number of classes (10 for MNIST and CIFAR-10, also for a subset lacking some)
 * @param description provenance for reports, e.g. "MNIST test (official IDX)"
 */
public record Dataset(FloatTensor images, int[] labels, int numClasses, String description) {
  public Dataset {
    if (images.rank() != 4) {
      throw new IllegalArgumentException("dataset images must have shape (N,C,H,W), got " + images);
    }
    if (labels.length != images.dim(0)) {
      throw new IllegalArgumentException(
          labels.length + " labels for " + images.dim(0) + " images in " + description);
    }
    labels = labels.clone();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " outside [0, " + numClasses + ") in " + description);
      }
    }
  }

  /** Number of images. */
  public int size() {
    return labels.length;
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  public int label(int index) {
    return labels[index];
  }

  /** Shape of one image (C, H, W). */
  public int[] imageShape() {
    return new int[] {images.dim(1), images.dim(2), images.dim(3)};
  }

  /** Images {@code [from, to)} as a new tensor of shape (to - from, C, H, W). */
  public FloatTensor batch(int from, int to) {
    checkRange(from, to);
    int per = images.dim(1) * images.dim(2) * images.dim(3);
    // Element by element: FloatTensor offers no range copy, and copying the whole data set
    // (600 MB for CIFAR-10 train) to slice one batch would be far worse.
    float[] out = new float[(to - from) * per];
    int base = from * per;
    for (int i = 0; i < out.length; i++) {
      out[i] = images.get(base + i);
    }
    return FloatTensor.wrap(out, to - from, images.dim(1), images.dim(2), images.dim(3));
  }

  /** Labels {@code [from, to)}. */
  public int[] labels(int from, int to) {
    checkRange(from, to);
    return Arrays.copyOfRange(labels, from, to);
  }

  /** Images and labels {@code [from, to)} with the same description. */
  public Dataset subset(int from, int to) {
    return new Dataset(batch(from, to), labels(from, to), numClasses, description);
  }

  /**
   * {@code n} images spread evenly over the data set (image ⌊i·size/n⌋ for i &lt; n), or this data
   * set when it has at most {@code n}. Unlike the first n images this sample is fair also when the
   * data set is sorted by class, as CIFAR-10 converted from its image folders is.
   */
  public Dataset evenlySpaced(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("a sample needs at least one image, got " + n);
    }
    if (n >= size()) {
      return this;
    }
    int per = images.dim(1) * images.dim(2) * images.dim(3);
    float[] out = new float[n * per];
    int[] picked = new int[n];
    for (int i = 0; i < n; i++) {
      int index = (int) ((long) i * size() / n);
      picked[i] = labels[index];
      for (int k = 0; k < per; k++) {
        out[i * per + k] = images.get(index * per + k);
      }
    }
    return new Dataset(FloatTensor.wrap(out, n, images.dim(1), images.dim(2), images.dim(3)), picked, numClasses,
        description + " (" + n + " of " + size() + ", evenly spaced)");
  }

  private void checkRange(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside dataset of " + size());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dataset d && images.equals(d.images) && Arrays.equals(labels, d.labels)
        && numClasses == d.numClasses && description.equals(d.description);
  }

  @Override
  public int hashCode() {
    return (images.hashCode() * 31 + Arrays.hashCode(labels)) * 31 + description.hashCode();
  }

  @Override
  public String toString() {
    return "Dataset[" + description + ", " + images + "]";
  }
}
