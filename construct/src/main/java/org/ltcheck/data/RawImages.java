package org.ltcheck.data;

import java.util.Arrays;
import org.ltcheck.tensor.FloatTensor;

/**
 * 8-bit images in planar (N, C, H, W) order with labels, before normalisation. Training needs
 * the raw pixels (random crops and flips are defined on them); networks get
 * {@link #normalised}.
 *
 * @param pixels N*C*H*W unsigned bytes, image by image, channel planes in row-major order
 */
public record RawImages(
    byte[] pixels, int count, int channels, int height, int width, int[] labels, int numClasses,
    String description) {
  public RawImages {
    if (count < 0 || channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "invalid image geometry " + count + "x" + channels + "x" + height + "x" + width + " in " + description);
    }
    long expected = (long) count * channels * height * width;
    if (pixels.length != expected) {
      throw new IllegalArgumentException(
          pixels.length + " pixel bytes, expected " + expected + " for " + count + " images of "
              + channels + "x" + height + "x" + width + " in " + description);
    }
    if (labels.length != count) {
      throw new IllegalArgumentException(labels.length + " labels for " + count + " images in " + description);
    }
    pixels = pixels.clone();
    labels = labels.clone();
    for (int i = 0; i < count; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " outside [0, " + numClasses + ") in " + description);
      }
    }
  }

  /** Bytes per image. */
  public int imageSize() {
    return channels * height * width;
  }

  @Override
  public byte[] pixels() {
    return pixels.clone();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  public int label(int index) {
    return labels[index];
  }

  /** Pixel value 0..255 of image {@code n}, channel {@code c}, row {@code y}, column {@code x}. */
  public int pixel(int n, int c, int y, int x) {
    return pixels[((n * channels + c) * height + y) * width + x] & 0xff;
  }

  /** Copies the bytes of image {@code n} into {@code dst} at {@code offset}. */
  public void copyImage(int n, byte[] dst, int offset) {
    System.arraycopy(pixels, n * imageSize(), dst, offset, imageSize());
  }

  /** The normalised float images with the same labels and description. */
  public Dataset normalised(Normalization norm) {
    if (norm.channels() != channels) {
      throw new IllegalArgumentException(
          "normalisation for " + norm.channels() + " channels applied to " + channels + "-channel " + description);
    }
    // One lookup table per channel: 256 values instead of a division per pixel.
    float[][] table = new float[channels][256];
    for (int c = 0; c < channels; c++) {
      for (int v = 0; v < 256; v++) {
        table[c][v] = norm.apply(c, v);
      }
    }
    float[] out = new float[pixels.length];
    int plane = height * width;
    for (int i = 0; i < out.length; i++) {
      out[i] = table[(i / plane) % channels][pixels[i] & 0xff];
    }
    return new Dataset(FloatTensor.wrap(out, count, channels, height, width), labels, numClasses, description);
  }

  /** {@link #normalised(Normalization)} with explicit per-channel mean and std. */
  public Dataset normalised(double[] mean, double[] std) {
    return normalised(new Normalization(mean, std));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawImages r && count == r.count && channels == r.channels && height == r.height
        && width == r.width && numClasses == r.numClasses && Arrays.equals(pixels, r.pixels)
        && Arrays.equals(labels, r.labels) && description.equals(r.description);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pixels) * 31 + Arrays.hashCode(labels);
  }

  @Override
  public String toString() {
    return "RawImages[" + description + ", " + count + "x" + channels + "x" + height + "x" + width + "]";
  }
}
