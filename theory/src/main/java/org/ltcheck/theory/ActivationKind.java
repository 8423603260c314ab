package org.ltcheck.theory;

/**
 * The activation functions the constructions support, with the two constants the error
 * propagation needs: the Lipschitz constant and the value at zero (sigmoid(0) = 1/2 makes a
 * sigmoid neuron with zero input a constant neuron).
 */
public enum ActivationKind {
  RELU("relu", 1.0, 0.0),
  LEAKY_RELU("lrelu", 1.0, 0.0),
  TANH("tanh", 1.0, 0.0),
  SIGMOID("sigmoid", 0.25, 0.5),
  IDENTITY("identity", 1.0, 0.0);

  private final String cliName;
  private final double lipschitz;
  private final double valueAtZero;

  ActivationKind(String cliName, double lipschitz, double valueAtZero) {
    this.cliName = cliName;
    this.lipschitz = lipschitz;
    this.valueAtZero = valueAtZero;
  }

  /** phi(0): 1/2 for sigmoid, 0 for the others. */
  public double valueAtZero() {
    return valueAtZero;
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
