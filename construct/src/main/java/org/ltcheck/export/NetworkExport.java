package org.ltcheck.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.io.torch.TorchSaveWriter;
import org.ltcheck.model.Network;
import org.ltcheck.targets.onnx.proto.OnnxProto.ModelProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.StringStringEntryProto;

/**
 * Writes a network in one of the {@link ExportFormat}s, atomically. Every format carries the
 * tensors of {@link NetworkTensors} and, under {@value #LAYERS_KEY}, its layer list, beside the
 * caller's descriptive entries: safetensors in {@code __metadata__}, {@code .pt} as string values
 * of the state dict, ONNX as {@code metadata_props} (the graph itself says what the layers are).
 */
public final class NetworkExport {
  /** The key of the layer list in every format. */
  public static final String LAYERS_KEY = "ltcheck.layers";

  private NetworkExport() {}

  public static void write(Path file, Network net, ExportFormat format, Map<String, String> info) throws IOException {
    AtomicFiles.write(file, content(net, format, info));
  }

  /**
   * The file's content.
   *
   * @param info descriptive entries (keys {@code ltcheck.*}: where the network comes from, the
   *     input normalisation), in this order after the layer list
   */
  public static AtomicFiles.Content content(Network net, ExportFormat format, Map<String, String> info)
      throws IOException {
    NetworkTensors named = NetworkTensors.of(net);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(LAYERS_KEY, named.layerListJson());
    info.forEach((k, v) -> {
      if (meta.putIfAbsent(k, v) != null || named.tensors().containsKey(k)) {
        throw new IllegalArgumentException("export entry '" + k + "' clashes with the layer list or a tensor");
      }
    });
    switch (format) {
      case SAFETENSORS -> {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        meta.forEach(w::metadata);
        named.tensors().forEach(w::putFloat);
        return w.content();
      }
      case PT -> {
        TorchSaveWriter w = new TorchSaveWriter();
        named.tensors().forEach(w::putFloat);
        meta.forEach(w::putString);
        return w.content();
      }
      case ONNX -> {
        ModelProto.Builder m = OnnxGraphWriter.model(net, named, "exported by ltcheck").toBuilder();
        meta.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        ModelProto model = m.build();
        return model::writeTo;
      }
    }
    throw new IllegalArgumentException("unknown export format " + format);
  }
}
