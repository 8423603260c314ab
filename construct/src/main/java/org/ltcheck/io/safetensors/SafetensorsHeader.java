package org.ltcheck.io.safetensors;

import java.util.Map;

/** The parsed JSON header: tensors in file order and the optional string metadata. */
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
  public SafetensorsHeader {
    tensors = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tensors));
    metadata = Map.copyOf(metadata);
  }

  /** The entry for {@code name}; fails with the list of names present when it is absent. */
  public TensorInfo info(String name) throws SafetensorsFormatException {
    TensorInfo t = tensors.get(name);
    if (t == null) {
      throw new SafetensorsFormatException(
          "no tensor named '" + name + "' (file has " + tensors.keySet() + ")");
    }
    return t;
  }
}
