package org.ltcheck.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.safetensors.SafetensorsFile;
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
import org.ltcheck.targets.onnx.proto.OnnxProto.ModelProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.NodeProto;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

class NetworkExportTest {
  @TempDir Path tmp;

  private static FloatTensor values(Random rnd, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  /** Every layer type the model has, residual blocks with and without a shortcut layer. */
  private static Network everyLayerType() {
    Random rnd = new Random(17);
    BatchNorm2d bn = new BatchNorm2d(values(rnd, 4), values(rnd, 4), values(rnd, 4),
        FloatTensor.of(new float[] {0.5f, 1, 1.5f, 2}, 4), BatchNorm2d.PYTORCH_EPS);
    List<Layer> body = List.of(new Conv2d(values(rnd, 4, 4, 3, 3), null, 1, 1), Activation.relu(),
        new Conv2d(values(rnd, 4, 4, 3, 3), values(rnd, 4), 1, 1));
    return new Network(new int[] {2, 8, 8}, List.of(
        new Conv2d(values(rnd, 4, 2, 3, 3), values(rnd, 4), 1, 1), bn, new Activation(ActivationKind.LEAKY_RELU, 0.1),
        new ResidualBlock(body, List.of(), Activation.relu()),
        new ResidualBlock(body, List.of(new ChannelScale(values(rnd, 4, 1, 1))), Activation.of(ActivationKind.TANH)),
        new MaxPool2d(2, 2, 0), new AvgPool2d(2, 2), Activation.of(ActivationKind.SIGMOID),
        new ResidualBlock(List.of(new Conv2d(values(rnd, 6, 4, 1, 1), null, 2, 0)),
            List.of(new Conv2d(values(rnd, 6, 4, 1, 1), null, 2, 0)), Activation.of(ActivationKind.IDENTITY)),
        new GlobalAvgPool(), new Linear(values(rnd, 5, 6), values(rnd, 5)), Activation.relu(), new Flatten(),
        new Linear(values(rnd, 3, 5), null)));
  }

  @Test
  void tensorsAreNamedAsAPyTorchModuleTreeAndTheLayerListDescribesIt() {
    NetworkTensors named = NetworkTensors.of(everyLayerType());
    assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.1.running_mean",
        "layers.1.running_var", "layers.3.body.0.weight", "layers.3.body.2.weight", "layers.3.body.2.bias",
        "layers.4.body.0.weight", "layers.4.body.2.weight", "layers.4.body.2.bias", "layers.4.shortcut.0.weight",
        "layers.8.body.0.weight", "layers.8.shortcut.0.weight", "layers.10.weight", "layers.10.bias",
        "layers.13.weight"), new ArrayList<>(named.tensors().keySet()));
    JsonNode layers = named.layerList().get("layers");
    assertEquals("conv2d", layers.get(0).get("type").asText());
    assertEquals(1, layers.get(0).get("padding").asInt());
    assertEquals(0.1, layers.get(2).get("negativeSlope").asDouble(), 1e-12);
    assertEquals("channel_scale", layers.get(4).get("shortcut").get(0).get("type").asText());
    assertEquals("tanh", layers.get(4).get("activation").get("type").asText());
    assertEquals(2, layers.get(8).get("shortcut").get(0).get("stride").asInt());
    assertEquals(false, layers.get(13).get("bias").asBoolean());
  }

  @Test
  void safetensorsHoldEveryTensorAndTheLayerList() throws IOException {
    Network net = everyLayerType();
    Path p = tmp.resolve("n.safetensors");
    NetworkExport.write(p, net, ExportFormat.SAFETENSORS, Map.of("ltcheck.source", "test"));
    SafetensorsFile f = SafetensorsFile.read(p);
    NetworkTensors named = NetworkTensors.of(net);
    for (Map.Entry<String, FloatTensor> e : named.tensors().entrySet()) {
      assertEquals(e.getValue(), f.floatTensor(e.getKey()), e.getKey());
    }
    assertEquals(named.tensors().size(), f.header().tensors().size());
    assertEquals(named.layerList(), new ObjectMapper().readTree(f.metadata().get(NetworkExport.LAYERS_KEY)));
    assertEquals("test", f.metadata().get("ltcheck.source"));
  }

  @Test
  void onnxGraphHasOneNodePerLayerAndEveryInitializer() throws IOException {
    Path p = tmp.resolve("n.onnx");
    NetworkExport.write(p, everyLayerType(), ExportFormat.ONNX, Map.of());
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(p));
    assertEquals(13, m.getOpsetImport(0).getVersion());
    List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    assertEquals(List.of("Conv", "BatchNormalization", "LeakyRelu", "Conv", "Relu", "Conv", "Add", "Relu",
        "Conv", "Relu", "Conv", "Mul", "Add", "Tanh", "MaxPool", "AveragePool", "Sigmoid", "Conv", "Conv", "Add",
        "GlobalAveragePool", "Flatten", "Gemm", "Relu", "Flatten", "Gemm", "Identity"), ops);
    assertEquals(NetworkTensors.of(everyLayerType()).tensors().size(), m.getGraph().getInitializerCount());
    assertEquals("logits", m.getGraph().getOutput(0).getName());
    assertEquals(3, m.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
  }

  @Test
  void anInfoEntryThatClashesWithTheLayerListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NetworkExport.content(everyLayerType(), ExportFormat.PT,
        Map.of(NetworkExport.LAYERS_KEY, "x")));
  }
}
