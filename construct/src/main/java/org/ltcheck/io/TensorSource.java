package org.ltcheck.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ltcheck.tensor.FloatTensor;

/**
 * A named set of tensors read from one file, whatever its format (safetensors, a PyTorch
 * {@code torch.save} state dict): what the target readers need, so that every format reaches
 * every architecture through one reader.
 */
public interface TensorSource {
  /** The file, for messages. */
  Path path();

  /** The tensors in the order the file lists them (the safetensors header, the state dict's keys). */
  List<TensorEntry> entries();

  /**
   * The tensors in the order of their data in the file, where the format has one (safetensors);
   * otherwise {@link #entries()}.
   */
  default List<TensorEntry> inDataOrder() {
    return entries();
  }

  /** The tensor's names, in the order of {@link #entries()}. */
  Set<String> names();

  default boolean contains(String name) {
    return names().contains(name);
  }

  /** The entry of a tensor the file has. */
  default Optional<TensorEntry> entry(String name) {
    return entries().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /**
   * A floating-point tensor converted to float32 (F64 rounded, F16/BF16 widened), in row-major
   * order of its shape.
   *
   * @throws TensorFormatException for a tensor the file lacks or that is not floating point
   */
  FloatTensor floatTensor(String name) throws TensorFormatException;

  /** The format's exception for a problem with this file's contents; {@code message} names the file. */
  TensorFormatException error(String message);
}
