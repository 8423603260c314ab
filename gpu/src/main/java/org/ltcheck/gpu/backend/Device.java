package org.ltcheck.gpu.backend;

import java.util.Locale;

/** The {@code --device} choice: {@code auto} picks the best backend that can run here. */
public enum Device {
  AUTO,
  CPU,
  CUDA;

  /** Parses auto, cpu or cuda (any case); the message names the rejected value. */
  public static Device parse(String s) {
    for (Device d : values()) {
      if (d.name().equalsIgnoreCase(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown device '" + s + "' (expected auto, cpu or cuda)");
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
