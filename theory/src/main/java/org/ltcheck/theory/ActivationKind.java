package org.ltcheck.theory;

/**
 * The activation functions the constructions support, with the two constants the error
 * propagation needs: the Lipschitz constant and the value at zero (sigmoid(0) = 1/2 makes a
 * sigmoid neuron with zero input a constant neuron).
 *
 * <p>Also the one definition of each function: {@link #apply(double, double)} in double precision
 * (construction and certificates), the static float32 functions ({@link #relu(float)}, ...) that
 * the CPU inference kernels and the CPU training backend both call element by element, and the
 * gradients training needs, written through the output y = φ(x) as backprop has it. In float32,
 * tanh and sigmoid go through StrictMath: Math.exp may be an intrinsic whose last bit differs
 * from fdlibm's, and results must not depend on which code ran JIT-compiled. NaN propagates
 * through every function value (certificates must notice it); the training backends' ReLU is
 * x·1[x &gt; 0] through {@link #reluGradient}, which maps NaN to +0 and equals {@link #relu}
 * on every other float.
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

  /**
   * φ(x) in double precision.
   *
   * @param negativeSlope LeakyReLU's slope for x &lt; 0; ignored by the other kinds
   */
  public double apply(double x, double negativeSlope) {
    return switch (this) {
      case RELU -> x > 0 ? x : 0;
      case LEAKY_RELU -> x > 0 ? x : negativeSlope * x;
      case TANH -> Math.tanh(x);
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
      case IDENTITY -> x;
    };
  }

  /** φ(x) in float32, dispatching to the static function of this kind. */
  public float apply(float x, float negativeSlope) {
    return switch (this) {
      case RELU -> relu(x);
      case LEAKY_RELU -> leakyRelu(x, negativeSlope);
      case TANH -> tanh(x);
      case SIGMOID -> sigmoid(x);
      case IDENTITY -> x;
    };
  }

  /**
   * g·φ'(x) from the output y = φ(x) and the output gradient g, in float32, dispatching to the
   * static gradient of this kind.
   */
  public float gradient(float y, float g, float negativeSlope) {
    return switch (this) {
      case RELU -> reluGradient(y, g);
      case LEAKY_RELU -> leakyReluGradient(y, g, negativeSlope);
      case TANH -> tanhGradient(y, g);
      case SIGMOID -> sigmoidGradient(y, g);
      case IDENTITY -> g;
    };
  }

  /**
   * max(x, 0): Math.max, not a conditional, because it is a vectorised intrinsic whereas the
   * branch mispredicts on the ~50% negative inputs of real data. Keeps NaN, maps −0 to +0.
   */
  public static float relu(float x) {
    return Math.max(x, 0f);
  }

  /** max(x, slope·x), which equals the two-sided definition because 0 ≤ slope &lt; 1. */
  public static float leakyRelu(float x, float slope) {
    return Math.max(x, slope * x);
  }

  public static float tanh(float x) {
    return (float) StrictMath.tanh(x);
  }

  public static float sigmoid(float x) {
    return (float) (1.0 / (1.0 + StrictMath.exp(-(double) x)));
  }

  /** g where y &gt; 0, else +0; branch-free (see {@link #positiveMask}). */
  public static float reluGradient(float y, float g) {
    return Float.intBitsToFloat(Float.floatToRawIntBits(g) & positiveMask(Float.floatToRawIntBits(y)));
  }

  /** g where y &gt; 0, else slope·g; branch-free. */
  public static float leakyReluGradient(float y, float g, float slope) {
    int m = positiveMask(Float.floatToRawIntBits(y));
    return Float.intBitsToFloat((Float.floatToRawIntBits(g) & m) | (Float.floatToRawIntBits(slope * g) & ~m));
  }

  /** g·(1 − y²), tanh' through its output. */
  public static float tanhGradient(float y, float g) {
    return g * (1 - y * y);
  }

  /** g·y·(1 − y), sigmoid' through its output. */
  public static float sigmoidGradient(float y, float g) {
    return g * y * (1 - y);
  }

  /**
   * -1 (all bits) where the float with raw bits {@code bits} is &gt; 0 (+Inf included), else 0
   * (for zeros of either sign, negatives and NaN): exactly {@code v > 0}, without a branch. The
   * sign of a ReLU input is a coin flip on real data, and a mispredicted branch per element made
   * the activations cost ten times more than the arithmetic.
   */
  private static int positiveMask(int bits) {
    int m1 = bits - 1; // in [0, 0x7f7fffff] exactly for 0 < v <= +Inf
    return ((m1 - 0x7f800000) & ~m1) >> 31;
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
