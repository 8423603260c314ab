package org.ltcheck.targets.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * The test graphs: the files {@code experiments/scripts/make_onnx_test_graphs.py} exported from
 * PyTorch (with the logits PyTorch computed), and small graphs built here node by node for the
 * cases an export does not write.
 */
final class OnnxTestGraphs {
  private OnnxTestGraphs() {}

  /** A resource written by the script, e.g. {@code mlp-opset17.onnx}. */
  static Path resource(String name) {
    try {
      return Path.of(OnnxTestGraphs.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A recorded batch: the input and PyTorch's logits for it. */
  record Recorded(FloatTensor input, FloatTensor logits) {}

  static Recorded recorded(String network) throws IOException {
    try (InputStream in = OnnxTestGraphs.class.getResourceAsStream(network + ".logits.json")) {
      JsonNode j = new ObjectMapper().readTree(in);
      return new Recorded(tensor(j.get("input"), j.get("inputShape")), tensor(j.get("logits"), j.get("logitsShape")));
    }
  }

  private static FloatTensor tensor(JsonNode values, JsonNode shape) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) values.get(i).asDouble();
    }
    int[] s = new int[shape.size()];
    for (int k = 0; k < s.length; k++) {
      s[k] = shape.get(k).asInt();
    }
    return FloatTensor.wrap(v, s);
  }

  /** Builds a model with opset {@code opset}, one input "x" of {@code inputDims} (0: symbolic) and output "y". */
  static final class Builder {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final int opset;
    private int counter;

    Builder(int opset, long... inputDims) {
      this.opset = opset;
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (long d : inputDims) {
        shape.addDim(d == 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
            : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
      }
      graph.addInput(ValueInfoProto.newBuilder().setName("x").setType(TypeProto.newBuilder().setTensorType(
          TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))));
      graph.addOutput(ValueInfoProto.newBuilder().setName("y"));
    }

    /** A float initializer with the values 0.1·(i+1)·(−1)^i. */
    Builder weights(String name, long... dims) {
      long n = 1;
      for (long d : dims) {
        n *= d;
      }
      TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
      for (long d : dims) {
        t.addDims(d);
      }
      for (int i = 0; i < n; i++) {
        t.addFloatData(0.1f * (i + 1) * (i % 2 == 0 ? 1 : -1));
      }
      graph.addInitializer(t);
      return this;
    }

    Builder ints(String name, long... values) {
      TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
          .addDims(values.length);
      for (long v : values) {
        t.addInt64Data(v);
      }
      graph.addInitializer(t);
      return this;
    }

    /** A node {@code op} reading {@code inputs} and writing {@code output}, with attributes. */
    Builder node(String op, List<String> inputs, String output, AttributeProto... attributes) {
      NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter++).addOutput(output);
      n.addAllInput(inputs);
      for (AttributeProto a : attributes) {
        n.addAttribute(a);
      }
      graph.addNode(n);
      return this;
    }

    ModelProto model() {
      return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
          .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).build();
    }

    OnnxGraph graph() throws OnnxFormatException {
      return OnnxGraph.of(model(), "test.onnx");
    }

    OnnxTarget.Imported read() throws OnnxFormatException {
      return OnnxTarget.read(graph());
    }
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  static AttributeProto text(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
  }

  static List<String> in(String... names) {
    return new ArrayList<>(List.of(names));
  }
}
