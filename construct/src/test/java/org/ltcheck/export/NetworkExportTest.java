package org.ltcheck.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.fixtures.PyTorchReference;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.model.Network;
import org.ltcheck.targets.onnx.proto.OnnxProto.ModelProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.NodeProto;
import org.ltcheck.tensor.FloatTensor;

class NetworkExportTest {
  @TempDir Path tmp;

  @Test
  void tensorsAreNamedAsAPyTorchModuleTreeAndTheLayerListDescribesIt() {
    NetworkTensors named = NetworkTensors.of(ExportTestNetworks.everyLayerType());
    assertEquals(List.of("layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.1.running_mean",
        "layers.1.running_var", "layers.3.body.0.weight", "layers.3.body.2.weight", "layers.3.body.2.bias",
        "layers.4.body.0.weight", "layers.4.body.2.weight", "layers.4.body.2.bias", "layers.4.shortcut.0.weight",
        "layers.7.body.0.weight", "layers.7.shortcut.0.weight", "layers.9.weight", "layers.9.bias",
        "layers.12.weight"), new ArrayList<>(named.tensors().keySet()));
    JsonNode layers = named.layerList().get("layers");
    assertEquals("conv2d", layers.get(0).get("type").asText());
    assertEquals(1, layers.get(0).get("padding").asInt());
    assertEquals(0.1, layers.get(2).get("negativeSlope").asDouble(), 1e-12);
    assertEquals("channel_scale", layers.get(4).get("shortcut").get(0).get("type").asText());
    assertEquals("tanh", layers.get(4).get("activation").get("type").asText());
    assertEquals(2, layers.get(7).get("shortcut").get(0).get("stride").asInt());
    assertEquals(false, layers.get(12).get("bias").asBoolean());
  }

  @Test
  void safetensorsHoldEveryTensorAndTheLayerList() throws IOException {
    Network net = ExportTestNetworks.everyLayerType();
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
    NetworkExport.write(p, ExportTestNetworks.everyLayerType(), ExportFormat.ONNX, Map.of());
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(p));
    assertEquals(13, m.getOpsetImport(0).getVersion());
    List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    assertEquals(List.of("Conv", "BatchNormalization", "LeakyRelu", "Conv", "Relu", "Conv", "Add", "Relu",
        "Conv", "Relu", "Conv", "Mul", "Add", "Tanh", "AveragePool", "Sigmoid", "Conv", "Conv", "Add",
        "GlobalAveragePool", "Flatten", "Gemm", "Relu", "Flatten", "Gemm", "Identity"), ops);
    assertEquals(NetworkTensors.of(ExportTestNetworks.everyLayerType()).tensors().size(), m.getGraph().getInitializerCount());
    assertEquals("logits", m.getGraph().getOutput(0).getName());
    assertEquals(3, m.getGraph().getOutput(0).getType().getTensorType().getShape().getDim(1).getDimValue());
  }

  @Test
  void maxPoolingIsListedAndBecomesAnOnnxMaxPool() throws IOException {
    Network net = new Network(new int[] {1, 5, 5}, List.of(new MaxPool2d(3, 2, 1), new Flatten()));
    JsonNode pool = NetworkTensors.of(net).layerList().get("layers").get(0);
    assertEquals("max_pool2d", pool.get("type").asText());
    assertEquals(List.of(3, 2, 1), List.of(pool.get("kernel").asInt(), pool.get("stride").asInt(),
        pool.get("padding").asInt()));
    Path p = tmp.resolve("pool.onnx");
    NetworkExport.write(p, net, ExportFormat.ONNX, Map.of());
    NodeProto node = ModelProto.parseFrom(Files.readAllBytes(p)).getGraph().getNode(0);
    assertEquals("MaxPool", node.getOpType());
    assertEquals(List.of(1L, 1L, 1L, 1L), node.getAttributeList().stream().filter(a -> a.getName().equals("pads"))
        .findFirst().orElseThrow().getIntsList());
  }

  @Test
  void anInfoEntryThatClashesWithTheLayerListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> NetworkExport.content(ExportTestNetworks.everyLayerType(), ExportFormat.PT,
        Map.of(NetworkExport.LAYERS_KEY, "x")));
  }

  /**
   * The committed exports of {@link ExportTestNetworks#everyLayerType()} are what the exporter
   * writes today, and PyTorch (rebuilding each from the file alone) computed ltcheck's logits.
   */
  @Test
  void everyLayerTypeRunsInPyTorchLikeInLtcheck() throws IOException {
    Network net = ExportTestNetworks.everyLayerType();
    for (ExportFormat f : ExportFormat.values()) {
      String file = "export/" + ExportTestNetworks.EVERY_LAYER_TYPE + ".export." + f.cliName();
      Path again = tmp.resolve("again." + f.cliName());
      NetworkExport.write(again, net, f, Map.of());
      assertArrayEquals(Files.readAllBytes(PyTorchReference.file(file)), Files.readAllBytes(again), file);
      JsonNode checked = PyTorchReference.json(file + ".pytorch.json");
      FloatTensor inputs = PyTorchReference.floats(checked, "inputs", "inputShape");
      FloatTensor ltcheck;
      try (InferenceEngine engine = new InferenceEngine(net, 1)) {
        ltcheck = engine.forward(inputs);
      }
      PyTorchReference.assertLogitsMatch(PyTorchReference.floats(checked, "logits", "logitsShape"), ltcheck, 1e-5, file);
    }
  }
}
