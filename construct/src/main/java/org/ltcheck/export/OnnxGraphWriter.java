package org.ltcheck.export;

import com.google.protobuf.ByteString;
import java.util.List;
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
import org.ltcheck.targets.onnx.proto.OnnxProto.AttributeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.GraphProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.ModelProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.NodeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorShapeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TypeProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.ValueInfoProto;
import org.ltcheck.tensor.FloatTensor;

/**
 * A network as an ONNX graph (opset 13, IR version 7): input {@code input} of shape
 * (batch, C, H, W), output {@code logits}, one node per layer (Conv, Gemm with transB, Relu,
 * LeakyRelu, Tanh, Sigmoid, Flatten, MaxPool, AveragePool, GlobalAveragePool + Flatten,
 * BatchNormalization, Mul for a channel scale, Add for a residual block), the parameters as
 * float32 initializers named as in {@link NetworkTensors}. Each node's output is named after its
 * layer, so an error in a runtime points at the layer.
 */
final class OnnxGraphWriter {
  static final int OPSET = 13;
  private static final long IR_VERSION = 7;

  private final GraphProto.Builder graph = GraphProto.newBuilder().setName("ltcheck_ticket");

  private OnnxGraphWriter() {}

  static ModelProto model(Network net, NetworkTensors named, String docString) {
    OnnxGraphWriter w = new OnnxGraphWriter();
    w.graph.addInput(value("input", net.inputShape()));
    String out = w.layers(net.layers(), "layers.", "input");
    w.graph.addNode(node("Identity", "logits", "logits", List.of(out)));
    w.graph.addOutput(value("logits", net.outputShape()));
    named.tensors().forEach((name, t) -> w.graph.addInitializer(initializer(name, t.shape(), t)));
    return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("ltcheck").setDocString(docString)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(w.graph).build();
  }

  /** Adds the nodes of {@code layers} reading {@code in}; returns the last output's name. */
  private String layers(List<Layer> layers, String prefix, String in) {
    String x = in;
    for (int i = 0; i < layers.size(); i++) {
      x = layer(layers.get(i), prefix + i, x);
    }
    return x;
  }

  private String layer(Layer l, String name, String x) {
    if (l instanceof Conv2d c) {
      int p = c.padding();
      graph.addNode(node("Conv", name, name, c.bias() != null ? List.of(x, name + ".weight", name + ".bias")
              : List.of(x, name + ".weight"),
          ints("kernel_shape", c.kernelHeight(), c.kernelWidth()), ints("strides", c.stride(), c.stride()),
          ints("pads", p, p, p, p), ints("dilations", 1, 1), integer("group", 1)));
    } else if (l instanceof Linear li) {
      graph.addNode(node("Gemm", name, name, li.bias() != null ? List.of(x, name + ".weight", name + ".bias")
          : List.of(x, name + ".weight"), integer("transB", 1)));
    } else if (l instanceof Activation a) {
      return activation(a, name, x);
    } else if (l instanceof Flatten) {
      graph.addNode(node("Flatten", name, name, List.of(x), integer("axis", 1)));
    } else if (l instanceof GlobalAvgPool) {
      graph.addNode(node("GlobalAveragePool", name + ".pool", name + ".pool", List.of(x)));
      graph.addNode(node("Flatten", name, name, List.of(name + ".pool"), integer("axis", 1)));
    } else if (l instanceof AvgPool2d p) {
      graph.addNode(node("AveragePool", name, name, List.of(x), ints("kernel_shape", p.kernel(), p.kernel()),
          ints("strides", p.stride(), p.stride())));
    } else if (l instanceof MaxPool2d p) {
      int q = p.padding();
      graph.addNode(node("MaxPool", name, name, List.of(x), ints("kernel_shape", p.kernel(), p.kernel()),
          ints("strides", p.stride(), p.stride()), ints("pads", q, q, q, q)));
    } else if (l instanceof BatchNorm2d b) {
      graph.addNode(node("BatchNormalization", name, name, List.of(x, name + ".weight", name + ".bias",
          name + ".running_mean", name + ".running_var"), AttributeProto.newBuilder().setName("epsilon")
          .setType(AttributeProto.AttributeType.FLOAT).setF((float) b.eps()).build()));
    } else if (l instanceof ChannelScale s) {
      // The initializer keeps the tensor's shape; a (C) scale is broadcast per channel as (C,1,1).
      String scale = name + ".weight";
      if (s.scale().rank() == 1) {
        scale = name + ".weight_chw";
        graph.addInitializer(initializer(scale, new int[] {s.channels(), 1, 1}, s.scale()));
      }
      graph.addNode(node("Mul", name, name, List.of(x, scale)));
    } else if (l instanceof ResidualBlock r) {
      String body = layers(r.body(), name + ".body.", x);
      String shortcut = layers(r.shortcut(), name + ".shortcut.", x);
      graph.addNode(node("Add", name + ".sum", name + ".sum", List.of(body, shortcut)));
      return activation(r.after(), name + ".activation", name + ".sum");
    } else {
      throw new IllegalArgumentException("layer " + name + " (" + l.getClass().getSimpleName() + ") has no ONNX node");
    }
    return name;
  }

  private String activation(Activation a, String name, String x) {
    switch (a.kind()) {
      case RELU -> graph.addNode(node("Relu", name, name, List.of(x)));
      case LEAKY_RELU -> graph.addNode(node("LeakyRelu", name, name, List.of(x), AttributeProto.newBuilder()
          .setName("alpha").setType(AttributeProto.AttributeType.FLOAT).setF((float) a.negativeSlope()).build()));
      case TANH -> graph.addNode(node("Tanh", name, name, List.of(x)));
      case SIGMOID -> graph.addNode(node("Sigmoid", name, name, List.of(x)));
      case IDENTITY -> {
        return x;
      }
    }
    return name;
  }

  private static NodeProto node(String op, String name, String output, List<String> inputs, AttributeProto... attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    for (AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    return n.build();
  }

  private static AttributeProto ints(String name, int... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (int v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static AttributeProto integer(String name, int value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  private static ValueInfoProto value(String name, int[] shape) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder()
        .setDimParam("batch"));
    for (int d : shape) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
  }

  private static TensorProto initializer(String name, int[] dims, FloatTensor t) {
    TensorProto.Builder p = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(t.littleEndianBytes()));
    for (int d : dims) {
      p.addDims(d);
    }
    return p.build();
  }
}
