package org.ltcheck.data;

/** Which part of a data set: the training images or the held-out test images. */
public enum Split {
  TRAIN,
  TEST;

  /** "train" or "test", as used in file names, folder names and reports. */
  public String lowerName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
