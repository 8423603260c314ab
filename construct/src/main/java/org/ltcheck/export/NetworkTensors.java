package org.ltcheck.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;

/**
 * A network as PyTorch would name it: layer {@code i} is {@code layers.i} (an {@code nn.Sequential}),
 * inside a residual block {@code layers.i.body.j} and {@code layers.i.shortcut.j}, with the
 * tensors {@code weight} and {@code bias} (batch norm also {@code running_mean},
 * {@code running_var}), so a module tree rebuilt from {@link #layerList()} loads the tensors by
 * name. The layer list is JSON, one object per layer with its {@code type}, {@code name} and
 * hyper-parameters (convolution stride and symmetric padding, pooling windows, leaky slope, …).
 *
 * @param tensors every tensor by name, in layer order
 */
public record NetworkTensors(int[] inputShape, int[] outputShape, ObjectNode layerList, Map<String, FloatTensor> tensors) {
  /** Version of the layer list's layout, bumped when a reader would have to change. */
  public static final int LAYER_LIST_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  public NetworkTensors {
    inputShape = inputShape.clone();
    outputShape = outputShape.clone();
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** Names the tensors of {@code net} and lists its layers. */
  public static NetworkTensors of(Network net) {
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    ObjectNode list = JSON.createObjectNode();
    list.put("format", "ltcheck-layers");
    list.put("version", LAYER_LIST_VERSION);
    ArrayNode in = list.putArray("inputShape");
    for (int d : net.inputShape()) {
      in.add(d);
    }
    list.set("layers", layers(net.layers(), "layers.", tensors));
    return new NetworkTensors(net.inputShape(), net.outputShape(), list, tensors);
  }

  /** The layer list as compact JSON text. */
  public String layerListJson() {
    return layerList.toString();
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  private static ArrayNode layers(List<Layer> layers, String prefix, Map<String, FloatTensor> tensors) {
    ArrayNode out = JSON.createArrayNode();
    for (int i = 0; i < layers.size(); i++) {
      out.add(layer(layers.get(i), prefix + i, tensors));
    }
    return out;
  }

  private static ObjectNode layer(Layer l, String name, Map<String, FloatTensor> tensors) {
    ObjectNode n = JSON.createObjectNode();
    if (l instanceof Conv2d c) {
      n.put("type", "conv2d").put("name", name).put("inChannels", c.inChannels()).put("outChannels", c.outChannels())
          .put("kernelHeight", c.kernelHeight()).put("kernelWidth", c.kernelWidth()).put("stride", c.stride())
          .put("padding", c.padding());
      weightAndBias(n, name, c.weight(), c.bias(), tensors);
    } else if (l instanceof Linear li) {
      n.put("type", "linear").put("name", name).put("inFeatures", li.weight().shape()[1])
          .put("outFeatures", li.weight().shape()[0]);
      weightAndBias(n, name, li.weight(), li.bias(), tensors);
    } else if (l instanceof Activation a) {
      return activation(a, name);
    } else if (l instanceof Flatten) {
      n.put("type", "flatten").put("name", name);
    } else if (l instanceof GlobalAvgPool) {
      n.put("type", "global_avg_pool").put("name", name);
    } else if (l instanceof AvgPool2d p) {
      n.put("type", "avg_pool2d").put("name", name).put("kernel", p.kernel()).put("stride", p.stride());
    } else if (l instanceof MaxPool2d p) {
      n.put("type", "max_pool2d").put("name", name).put("kernel", p.kernel()).put("stride", p.stride())
          .put("padding", p.padding());
    } else if (l instanceof BatchNorm2d b) {
      n.put("type", "batch_norm2d").put("name", name).put("channels", b.channels()).put("eps", b.eps());
      tensors.put(name + ".weight", b.gamma());
      tensors.put(name + ".bias", b.beta());
      tensors.put(name + ".running_mean", b.runningMean());
      tensors.put(name + ".running_var", b.runningVar());
    } else if (l instanceof ChannelScale s) {
      n.put("type", "channel_scale").put("name", name).put("channels", s.channels());
      ArrayNode shape = n.putArray("weightShape"); // (C) or (C,1,1), as the tensor has it
      for (int d : s.scale().shape()) {
        shape.add(d);
      }
      tensors.put(name + ".weight", s.scale());
    } else if (l instanceof ResidualBlock r) {
      n.put("type", "residual").put("name", name);
      n.set("body", layers(r.body(), name + ".body.", tensors));
      n.set("shortcut", layers(r.shortcut(), name + ".shortcut.", tensors));
      n.set("activation", activation(r.after(), name + ".activation"));
    } else {
      throw new IllegalArgumentException("layer " + name + " (" + l.getClass().getSimpleName() + ") cannot be exported");
    }
    return n;
  }

  private static void weightAndBias(ObjectNode n, String name, FloatTensor weight, FloatTensor bias,
      Map<String, FloatTensor> tensors) {
    n.put("bias", bias != null);
    tensors.put(name + ".weight", weight);
    if (bias != null) {
      tensors.put(name + ".bias", bias);
    }
  }

  private static ObjectNode activation(Activation a, String name) {
    ObjectNode n = JSON.createObjectNode();
    switch (a.kind()) {
      case RELU -> n.put("type", "relu");
      case LEAKY_RELU -> n.put("type", "leaky_relu").put("negativeSlope", a.negativeSlope());
      case TANH -> n.put("type", "tanh");
      case SIGMOID -> n.put("type", "sigmoid");
      case IDENTITY -> n.put("type", "identity");
    }
    return n.put("name", name);
  }
}
