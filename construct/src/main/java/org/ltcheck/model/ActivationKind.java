package org.ltcheck.model;

/** The activation functions the constructions support. */
public enum ActivationKind {
  RELU("relu", 1.0),
  LEAKY_RELU("lrelu", 1.0),
  TANH("tanh", 1.0),
  SIGMOID("sigmoid", 0.25),
  IDENTITY("identity", 1.0);

  private final String cliName;
  private final double lipschitz;

  ActivationKind(String cliName, double lipschitz) {
    this.cliName = cliName;
    this.lipschitz = lipschitz;
  }

  /** Name used on the command line and in reports. */
  public String cliName() {
    return cliName;
  }

  /** Lipschitz constant: 1 for ReLU, LeakyReLU (slope at most 1), tanh and identity; 1/4 for sigmoid. */
  public double lipschitz() {
    return lipschitz;
  }

  /** Parses a command-line name (relu, lrelu, tanh, sigmoid, identity). */
  public static ActivationKind fromCliName(String name) {
    for (ActivationKind k : values()) {
      if (k.cliName.equalsIgnoreCase(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown activation '" + name + "' (expected relu, lrelu, tanh, sigmoid or identity)");
  }
}
