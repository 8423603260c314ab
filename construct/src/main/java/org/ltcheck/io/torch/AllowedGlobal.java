package org.ltcheck.io.torch;

import java.util.Optional;

/**
 * The globals a state-dict pickle may name, as {@code torch.load(weights_only=True)} allows them:
 * the ordered dict, the tensor and parameter rebuild functions and the storage classes. Every
 * other global (above all {@code os.system}, {@code builtins.eval}, ...) is refused before
 * anything is called.
 */
enum AllowedGlobal {
  ORDERED_DICT("collections", "OrderedDict"),
  REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
  REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
  STORAGE("torch", "*Storage");

  private final String module;
  private final String name;

  AllowedGlobal(String module, String name) {
    this.module = module;
    this.name = name;
  }

  /** The global {@code module.name}, or empty when it is not allowed. */
  static Optional<AllowedGlobal> of(String module, String name) {
    if (module.equals("torch") && StorageType.ofClass(name).isPresent()) {
      return Optional.of(STORAGE);
    }
    for (AllowedGlobal g : values()) {
      if (g != STORAGE && g.module.equals(module) && g.name.equals(name)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** What a message calls the allowed set. */
  static String describe() {
    return "collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and the"
        + " torch.*Storage classes";
  }
}
