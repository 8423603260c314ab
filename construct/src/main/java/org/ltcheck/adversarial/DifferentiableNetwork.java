package org.ltcheck.adversarial;

import java.util.Arrays;
import java.util.List;
import org.ltcheck.inference.ChannelAffine;
import org.ltcheck.inference.LayerCompiler;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.PoolWindow;

/**
 * A {@link Network} compiled for forward passes that record a tape and reverse passes that
 * give the gradient of a linear function of the output with respect to the input, all in
 * double. Convolutions and linear layers keep only their nonzero weights, so a ticket with the
 * mother's shape costs what its surviving weights cost.
 *
 * <p>Compiled once and immutable; each thread evaluates through its own {@link Tape}. Double
 * precision is for finding good directions: values that are reported must be re-evaluated with
 * the float32 {@link org.ltcheck.inference.InferenceEngine}, which is what certificates cover.
 */
public final class DifferentiableNetwork {
  private final OpChain chain;
  private final int[] inputShape;
  private final int[] outputShape;

  private DifferentiableNetwork(OpChain chain, int[] inputShape, int[] outputShape) {
    this.chain = chain;
    this.inputShape = inputShape;
    this.outputShape = outputShape;
  }

  /** Compiles {@code network}; every layer type of {@code org.ltcheck.model} is supported. */
  public static DifferentiableNetwork compile(Network network) {
    if (network.layers().isEmpty()) {
      throw new IllegalArgumentException("network has no layers");
    }
    return new DifferentiableNetwork(
        new OpCompiler().chain(network.layers(), network.inputShape()), network.inputShape(), network.outputShape());
  }

  public int inputSize() {
    return chain.inSize();
  }

  public int outputSize() {
    return chain.outSize();
  }

  public int[] inputShape() {
    return inputShape.clone();
  }

  public int[] outputShape() {
    return outputShape.clone();
  }

  /** A tape with its own buffers, for one thread. */
  public Tape newTape() {
    return new Tape();
  }

  /** One thread's evaluation state: the latest forward pass and what its reverse pass needs. */
  public final class Tape {
    private final DifferentiableOp.Pass pass = chain.newPass();
    private final double[] input = new double[chain.inSize()];
    private final double[] output = new double[chain.outSize()];
    private final double[] inputGradient = new double[chain.inSize()];
    private boolean recorded;

    private Tape() {}

    /** Evaluates the network at {@code x} and records the pass; returns a copy of the output. */
    public double[] forward(double[] x) {
      if (x.length != input.length) {
        throw new IllegalArgumentException(
            "input has " + x.length + " values, network " + Arrays.toString(inputShape) + " takes " + input.length);
      }
      System.arraycopy(x, 0, input, 0, input.length);
      pass.forward(input, output);
      recorded = true;
      return output.clone();
    }

    /**
     * Gradient of ⟨{@code outputWeights}, f(x)⟩ with respect to x at the latest forward
     * pass's input; returns a new array.
     */
    public double[] backward(double[] outputWeights) {
      if (!recorded) {
        throw new IllegalStateException("backward before any forward pass");
      }
      if (outputWeights.length != output.length) {
        throw new IllegalArgumentException(
            outputWeights.length + " output weights for a network with " + output.length + " outputs");
      }
      pass.backward(input, output, outputWeights, inputGradient);
      return inputGradient.clone();
    }
  }

  /** Turns layer records into double-precision ops. */
  private static final class OpCompiler extends LayerCompiler<DifferentiableOp, OpChain> {
    @Override
    protected String compiledName() {
      return "differentiable op";
    }

    @Override
    protected OpChain chainOf(List<DifferentiableOp> ops) {
      return new OpChain(ops);
    }

    @Override
    protected DifferentiableOp conv(Conv2d conv, int[] inShape) {
      return new SparseConvOp(conv, inShape);
    }

    @Override
    protected DifferentiableOp linear(Linear linear) {
      return new LinearOp(linear);
    }

    @Override
    protected DifferentiableOp channelAffine(ChannelAffine affine, int[] inShape) {
      return new ChannelAffineOp(affine, inShape);
    }

    @Override
    protected DifferentiableOp activation(Activation activation, int size) {
      return new ActivationOp(activation, size);
    }

    @Override
    protected DifferentiableOp flatten(int size) {
      return new FlattenOp(size);
    }

    @Override
    protected DifferentiableOp pool(PoolWindow window) {
      return new AvgPoolOp(window);
    }

    @Override
    protected DifferentiableOp maxPool(PoolWindow window) {
      return new MaxPoolOp(window);
    }

    @Override
    protected DifferentiableOp residual(OpChain body, OpChain shortcut, Activation after) {
      return new ResidualOp(body, shortcut, after);
    }
  }
}
