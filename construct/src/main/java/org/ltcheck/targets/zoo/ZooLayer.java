package org.ltcheck.targets.zoo;

import java.util.List;

/**
 * One layer of a zoo architecture as its PyTorch module defines it, with the state-dict prefix of
 * its tensors; {@link ZooNetwork#build} turns a list of them into a model network, taking the
 * tensors from a {@link ZooParameters}.
 */
public sealed interface ZooLayer {
  /** {@code nn.Conv2d(in, out, kernel, stride, padding, bias)}: tensors {@code name.weight} (and {@code name.bias}). */
  record Conv(String name, int in, int out, int kernel, int stride, int padding, boolean bias) implements ZooLayer {}

  /** {@code nn.Linear(in, out)}: tensors {@code name.weight}, {@code name.bias}. */
  record Dense(String name, int in, int out) implements ZooLayer {}

  /** {@code nn.BatchNorm2d(channels)}: {@code name.weight|bias|running_mean|running_var} (+ num_batches_tracked). */
  record Norm(String name, int channels) implements ZooLayer {}

  /**
   * open_lth's identity shortcut, {@code nn.Sequential()} without tensors; a file may scale it per
   * channel with {@code name.weight} of shape (channels, 1, 1), and ltcheck's training does.
   */
  record IdentityScale(String name, int channels) implements ZooLayer {}

  /** The hidden activation (ReLU in every zoo model; a command may re-evaluate with another). */
  record Activation() implements ZooLayer {}

  /** {@code nn.MaxPool2d(kernel, stride)}, no padding. */
  record MaxPool(int kernel, int stride) implements ZooLayer {}

  /** {@code nn.AvgPool2d(kernel, stride)}, no padding. */
  record AvgPool(int kernel, int stride) implements ZooLayer {}

  /** Average over the whole map ({@code F.avg_pool2d(out, out.size()[3])} on a square map), then a vector. */
  record GlobalAvgPool() implements ZooLayer {}

  /** {@code x.view(x.size(0), -1)}. */
  record Flatten() implements ZooLayer {}

  /** A residual block: activation(body(x) + shortcut(x)); an empty shortcut is the identity. */
  record Block(List<ZooLayer> body, List<ZooLayer> shortcut) implements ZooLayer {
    public Block {
      body = List.copyOf(body);
      shortcut = List.copyOf(shortcut);
    }
  }
}
