package org.ltcheck.model;

/**
 * The output size of a window sliding over one spatial axis (convolution, pooling, a strided
 * 1x1 shortcut): the one formula every module uses, so that shapes cannot drift apart.
 */
public final class SlidingWindow {
  private SlidingWindow() {}

  /**
   * ⌊(size + 2·padding − kernel) / stride⌋ + 1, unchecked: a result below 1 means the window
   * does not fit (callers that accept user shapes check it, e.g. {@link Conv2d}).
   */
  public static int outputSize(int size, int kernel, int stride, int padding) {
    return (size + 2 * padding - kernel) / stride + 1;
  }
}
