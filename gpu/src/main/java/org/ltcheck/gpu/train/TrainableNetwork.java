package org.ltcheck.gpu.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/**
 * A {@link NamedNetwork} instantiated on a backend for training: forward, backward, parameters
 * by state-dict name, and export back to immutable model records. It is the only trainable
 * representation; architectures are described once, as {@link Network} records.
 */
public final class TrainableNetwork implements AutoCloseable {
  private final Backend backend;
  private final NamedNetwork template;
  private final SequentialModule root;
  private final Map<String, Parameter> byName = new LinkedHashMap<>();
  private final GemmProfile profile;

  private TrainableNetwork(Backend backend, NamedNetwork template, double bnMomentum, GemmProfile profile) {
    this.backend = backend;
    this.template = template;
    this.profile = profile;
    Network n = template.network();
    if (n.outputShape().length != 1) {
      throw new IllegalArgumentException("network must end in class logits, but outputs " + Arrays.toString(n.outputShape()));
    }
    this.root = new Modules(backend, bnMomentum, profile)
        .sequence(n.layers(), n.inputShape(), template.layerNames().iterator());
    for (Parameter p : root.parameters()) {
      byName.put(p.name(), p);
    }
  }

  /** Uploads the network's tensors; batch norm uses PyTorch's running-statistics momentum 0.1. */
  public static TrainableNetwork build(Backend backend, NamedNetwork network) {
    return new TrainableNetwork(backend, network, BatchNormModule.PYTORCH_MOMENTUM, null);
  }

  /** As {@link #build}, additionally timing the conv and linear layers into {@code profile}. */
  public static TrainableNetwork buildProfiled(Backend backend, NamedNetwork network, GemmProfile profile) {
    return new TrainableNetwork(backend, network, BatchNormModule.PYTORCH_MOMENTUM, profile);
  }

  public Backend backend() {
    return backend;
  }

  public int[] inputShape() {
    return template.network().inputShape();
  }

  /** Elements of one input example. */
  public int inputSize() {
    return Math.toIntExact(FloatTensor.numelOf(inputShape()));
  }

  public int classes() {
    return root.outputShape()[0];
  }

  /** Logits (batch, classes) for {@code batch} examples in x; training mode uses batch statistics. */
  public DeviceTensor forward(DeviceTensor x, int batch, boolean training) {
    return root.forward(x, batch, training);
  }

  /** Back-propagates the logit gradient of the last training forward pass into every gradient. */
  public void backward(DeviceTensor dLogits, int batch) {
    root.backward(dLogits, batch, false);
  }

  /**
   * As {@link #backward}, and also returns the gradient with respect to the input batch (owned
   * by the network, valid until the next backward pass); used by gradient checks and by
   * analyses that need input sensitivities.
   */
  public DeviceTensor backwardToInput(DeviceTensor dLogits, int batch) {
    return root.backward(dLogits, batch, true);
  }

  /** Parameters and buffers in state-dict order. */
  public List<Parameter> parameters() {
    return List.copyOf(byName.values());
  }

  /** The prunable conv and linear weights, in state-dict order. */
  public List<Parameter> prunable() {
    return byName.values().stream().filter(p -> p.role() == Parameter.Role.WEIGHT).toList();
  }

  public Parameter parameter(String name) {
    Parameter p = byName.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return p;
  }

  /** Conv+linear FLOPs of one training step on {@code batch} examples. */
  public long trainingStepGemmFlops(int batch) {
    return root.gemmFlops(batch, false);
  }

  public GemmProfile profile() {
    return profile;
  }

  /** The current values as model records with their names. */
  public NamedNetwork export() {
    return new NamedNetwork(new Network(template.network().inputShape(), root.export()), template.layerNames());
  }

  /** All tensors by state-dict name. */
  public Map<String, FloatTensor> stateDict() {
    Map<String, FloatTensor> out = new LinkedHashMap<>();
    byName.forEach((k, p) -> out.put(k, backend.downloadTensor(p.value())));
    return out;
  }

  /** Overwrites every parameter and buffer with the tensor of the same name (shape-checked). */
  public void loadStateDict(Map<String, FloatTensor> tensors) {
    for (Parameter p : byName.values()) {
      FloatTensor t = tensors.get(p.name());
      if (t == null) {
        throw new IllegalArgumentException("tensor '" + p.name() + "' is missing");
      }
      if (t.size() != p.value().size()) {
        throw new IllegalArgumentException("tensor '" + p.name() + "' has shape " + Arrays.toString(t.shape())
            + ", expected " + Arrays.toString(p.value().shape()));
      }
      backend.copyFromHost(t.toArray(), 0, p.value(), 0, t.size());
    }
  }

  @Override
  public void close() {
    root.close();
  }
}
