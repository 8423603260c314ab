package org.ltcheck.gpu.data;

import java.util.random.RandomGenerator;

/**
 * The standard CIFAR augmentation (torchvision RandomCrop(32, padding=4) then
 * RandomHorizontalFlip): the image is padded by {@code padding} pixels of raw value 0 and a
 * window of the original size is cut at a uniformly random offset, then mirrored with
 * probability 1/2. It runs on normalised images, so the padding value of channel c is the
 * normalised 0, i.e. -mean[c]/std[c], exactly what torchvision produces from zero-padded bytes.
 * Draws per image: offset y, offset x, flip, in that order.
 */
public record CropFlip(int padding, float[] padValues) implements Augmentation {
  public CropFlip {
    if (padding < 0) {
      throw new IllegalArgumentException("crop padding must be >= 0, got " + padding);
    }
    padValues = padValues.clone();
  }

  /** Padding with raw zeros for images normalised with per-channel mean and std. */
  public static CropFlip forNormalisation(int padding, double[] mean, double[] std) {
    float[] pad = new float[mean.length];
    for (int c = 0; c < pad.length; c++) {
      pad[c] = (float) (-mean[c] / std[c]);
    }
    return new CropFlip(padding, pad);
  }

  @Override
  public void apply(float[] src, int so, float[] dst, int d, int[] chw, RandomGenerator rng) {
    int c = chw[0];
    int h = chw[1];
    int w = chw[2];
    if (padValues.length != c) {
      throw new IllegalArgumentException("crop padding has " + padValues.length + " channel values for " + c + " channels");
    }
    int dy = rng.nextInt(2 * padding + 1) - padding;
    int dx = rng.nextInt(2 * padding + 1) - padding;
    boolean flip = rng.nextBoolean();
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        int sy = y + dy;
        for (int x = 0; x < w; x++) {
          int sx = (flip ? w - 1 - x : x) + dx;
          float v = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[so + (ch * h + sy) * w + sx] : padValues[ch];
          dst[d + (ch * h + y) * w + x] = v;
        }
      }
    }
  }
}
