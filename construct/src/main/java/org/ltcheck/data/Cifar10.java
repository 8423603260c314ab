package org.ltcheck.data;

import java.util.List;

/** Constants of CIFAR-10 shared by its readers. */
public final class Cifar10 {
  /** Class folder names; the label is the index, as in the official batches.meta. */
  public static final List<String> CLASSES = List.of(
      "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private Cifar10() {}

  /** "CIFAR-10 test (JPEG version)" and the like. */
  static String description(Split split, String source) {
    return "CIFAR-10 " + split.lowerName() + " (" + source + ")";
  }
}
