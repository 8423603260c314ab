package org.ltcheck.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.ltcheck.build.TargetLayer;
import java.util.Map;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.SafetensorsFormatException;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.model.Activation;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherRandom;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;

/**
 * Stores a ticket as its seed and sparse mask: a safetensors file with, per mother layer, the
 * kept weight indices ({@code layerK.kept_weights}, I64, into the (out, in, positions) layout),
 * the kept bias indices ({@code layerK.kept_biases}, I32), the logical channel ids
 * ({@code layerK.channel_ids}, I64) and, for users without ltcheck, the kept values themselves
 * ({@code layerK.kept_values}, F32, regenerable from the seed); the last layer of a mother
 * residual block also has {@code layerK.kept_skip_weights} (I64, into its shortcut's (out, in, taps)
 * layout) and {@code layerK.kept_skip_values} (F32). The manifest (seed, ε, construction,
 * per-layer shapes, shortcut source/stride/scale, pooling and parameter counts) is embedded as
 * JSON in the metadata and also written beside the file. Format "ltcheck-ticket-2"; files of
 * format 1 (no shortcut or pooling fields) read as CNN tickets.
 */
public final class TicketFiles {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String MANIFEST_KEY = "ltcheck.manifest";
  private static final String FORMAT = "ltcheck-ticket-2";

  private TicketFiles() {}

  /**
   * Writes {@code ticket} to {@code file} and its manifest to {@code file} with extension .json,
   * both or neither ({@link AtomicFiles#writeAll}).
   */
  public static void write(Path file, Ticket ticket, double eta) throws IOException {
    AtomicFiles.writeAll(files(file, ticket, eta));
  }

  /** The ticket file and its manifest with their contents, in that order, for {@link AtomicFiles#writeAll}. */
  public static Map<Path, AtomicFiles.Content> files(Path file, Ticket ticket, double eta) throws IOException {
    ObjectNode manifest = manifest(ticket, eta);
    SafetensorsWriter w = new SafetensorsWriter();
    List<MotherLayerSpec> layers = ticket.mother().layers();
    MotherRandom random = new MotherRandom(ticket.mother().seed());
    for (int k = 0; k < layers.size(); k++) {
      MotherLayerSpec l = layers.get(k);
      LayerMask m = ticket.masks().get(k);
      long[] kept = m.keptWeights();
      w.putLong("layer" + k + ".kept_weights", kept, kept.length);
      w.putInt("layer" + k + ".kept_biases", m.keptBiases(), m.keptBiases().length);
      w.putLong("layer" + k + ".channel_ids", l.channelIds(), l.outChannels());
      float[] values = keptValues(l, kept, random);
      w.putFloat("layer" + k + ".kept_values", org.ltcheck.tensor.FloatTensor.wrap(values, values.length));
      if (l.hasSkip()) {
        long[] skip = m.keptSkipWeights();
        w.putLong("layer" + k + ".kept_skip_weights", skip, skip.length);
        float[] sv = keptSkipValues(l, skip, random);
        w.putFloat("layer" + k + ".kept_skip_values", org.ltcheck.tensor.FloatTensor.wrap(sv, sv.length));
      }
    }
    w.metadata(MANIFEST_KEY, JSON.writeValueAsString(manifest));
    w.metadata("format", FORMAT);
    Map<Path, AtomicFiles.Content> files = new LinkedHashMap<>();
    files.put(file, w.content());
    files.put(manifestPath(file), AtomicFiles.text(JSON.writeValueAsString(manifest) + "\n"));
    return files;
  }

  private static float[] keptValues(MotherLayerSpec l, long[] kept, MotherRandom random) {
    float[] values = new float[kept.length];
    for (int e = 0; e < kept.length; e++) {
      values[e] = l.weight(random, kept[e]);
    }
    return values;
  }

  private static float[] keptSkipValues(MotherLayerSpec l, long[] kept, MotherRandom random) {
    float[] values = new float[kept.length];
    for (int e = 0; e < kept.length; e++) {
      values[e] = TicketNetworks.skipWeight(l, kept[e], random);
    }
    return values;
  }

  /** The manifest file written beside a ticket file. */
  public static Path manifestPath(Path ticketFile) {
    String name = ticketFile.getFileName().toString();
    String stem = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
    return ticketFile.resolveSibling(stem + ".json");
  }

  /** Reads a ticket written by {@link #write}; the stored values are checked against the seed. */
  public static Ticket read(Path file) throws IOException {
    SafetensorsFile f = SafetensorsFile.read(file);
    String text = f.metadata().get(MANIFEST_KEY);
    if (text == null) {
      throw new SafetensorsFormatException(file + ": not an ltcheck ticket (no " + MANIFEST_KEY + " metadata)");
    }
    JsonNode manifest = JSON.readTree(text);
    long seed = manifest.get("seed").asLong();
    Construction construction = Construction.fromLabel(manifest.get("construction").asText());
    int[] inputShape = ints(manifest.get("inputShape"));
    List<MotherLayerSpec> specs = new ArrayList<>();
    List<LayerMask> masks = new ArrayList<>();
    long[] inputIds = new long[inputShape[0]];
    for (int g = 0; g < inputIds.length; g++) {
      inputIds[g] = ChannelId.of(g, 0);
    }
    int k = 0;
    List<long[]> channelIds = new ArrayList<>();
    for (JsonNode l : manifest.get("layers")) {
      long[] ids = f.longTensor("layer" + k + ".channel_ids");
      int skipSource = l.has("skipSource") ? l.get("skipSource").asInt() : -1;
      if (skipSource >= k) {
        throw new SafetensorsFormatException(file + ": layer " + k + " has shortcut source " + skipSource);
      }
      long[] skipIds = skipSource < 0 ? new long[0] : channelIds.get(skipSource);
      MotherLayerSpec spec = new MotherLayerSpec(
          k, MotherLayerSpec.Role.valueOf(l.get("role").asText()), TargetLayer.Kind.valueOf(l.get("kind").asText()),
          l.get("kernelHeight").asInt(), l.get("kernelWidth").asInt(), l.get("stride").asInt(), l.get("padding").asInt(),
          l.get("inputHeight").asInt(), l.get("inputWidth").asInt(), l.get("flattenBefore").asBoolean(), inputIds, ids,
          l.get("weightScale").asDouble(),
          new Activation(ActivationKind.fromCliName(l.get("activation").asText()), l.get("negativeSlope").asDouble()),
          l.get("targetLayer").asInt(), l.has("poolBefore") && l.get("poolBefore").asBoolean(), skipSource,
          l.has("skipStride") ? l.get("skipStride").asInt() : 1, l.has("skipKernel") ? l.get("skipKernel").asInt() : 1,
          skipIds,
          l.has("skipWeightScale") ? l.get("skipWeightScale").asDouble() : 1.0, maxPool(l.get("maxPoolBefore")));
      long[] keptBiases = f.longTensor("layer" + k + ".kept_biases");
      int[] biases = new int[keptBiases.length];
      for (int b = 0; b < biases.length; b++) {
        biases[b] = Math.toIntExact(keptBiases[b]);
      }
      long[] keptSkip = skipSource < 0 ? new long[0] : f.longTensor("layer" + k + ".kept_skip_weights");
      LayerMask mask = new LayerMask(f.longTensor("layer" + k + ".kept_weights"), biases, keptSkip);
      channelIds.add(ids);
      specs.add(spec);
      masks.add(mask);
      inputIds = ids;
      k++;
    }
    Ticket ticket = new Ticket(new MotherSpec(seed, construction, inputShape, specs), masks);
    checkValues(f, ticket);
    return ticket;
  }

  private static void checkValues(SafetensorsFile f, Ticket ticket) throws IOException {
    MotherRandom random = new MotherRandom(ticket.mother().seed());
    for (int k = 0; k < ticket.masks().size(); k++) {
      MotherLayerSpec l = ticket.mother().layers().get(k);
      long[] kept = ticket.masks().get(k).keptWeights();
      compare(f, "layer" + k + ".kept_values", keptValues(l, kept, random));
      if (l.hasSkip()) {
        compare(f, "layer" + k + ".kept_skip_values", keptSkipValues(l, ticket.masks().get(k).keptSkipWeights(), random));
      }
    }
  }

  private static void compare(SafetensorsFile f, String name, float[] expected) throws IOException {
    org.ltcheck.tensor.FloatTensor values = f.floatTensor(name, expected.length);
    for (int e = 0; e < expected.length; e++) {
      if (Float.floatToIntBits(expected[e]) != Float.floatToIntBits(values.get(e))) {
        throw new SafetensorsFormatException(
            f.path() + ": " + name + "[" + e + "] is " + values.get(e) + " but the seed gives " + expected[e]);
      }
    }
  }

  /** The JSON manifest: seed, ε, construction, per-layer shapes and parameter counts. */
  public static ObjectNode manifest(Ticket ticket, double eta) {
    MotherSpec spec = ticket.mother();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("seed", spec.seed());
    root.put("eps", eta);
    root.put("construction", spec.construction().label());
    ArrayNode shape = root.putArray("inputShape");
    for (int d : spec.inputShape()) {
      shape.add(d);
    }
    root.put("motherParams", spec.parameterCount());
    root.put("ticketParams", ticket.parameterCount());
    ArrayNode layers = root.putArray("layers");
    for (int k = 0; k < spec.layers().size(); k++) {
      MotherLayerSpec l = spec.layers().get(k);
      ObjectNode n = layers.addObject();
      n.put("index", k);
      n.put("role", l.role().name());
      n.put("kind", l.kind().name());
      n.put("inChannels", l.inChannels());
      n.put("outChannels", l.outChannels());
      n.put("kernelHeight", l.kernelHeight());
      n.put("kernelWidth", l.kernelWidth());
      n.put("stride", l.stride());
      n.put("padding", l.padding());
      n.put("inputHeight", l.inputHeight());
      n.put("inputWidth", l.inputWidth());
      n.put("flattenBefore", l.flattenBefore());
      n.put("weightScale", l.weightScale());
      n.put("activation", l.activation().kind().cliName());
      n.put("negativeSlope", l.activation().negativeSlope());
      n.put("targetLayer", l.targetLayer());
      n.put("poolBefore", l.poolBefore());
      n.put("skipSource", l.skipSource());
      n.put("skipStride", l.skipStride());
      n.put("skipKernel", l.skipKernel());
      n.put("skipWeightScale", l.skipWeightScale());
      n.put("skipInChannels", l.skipInChannels());
      if (l.maxPoolBefore() != null) {
        // only when present, so that the manifests of tickets without max pooling stay as they were
        ObjectNode pool = n.putObject("maxPoolBefore");
        pool.put("kernel", l.maxPoolBefore().kernel());
        pool.put("stride", l.maxPoolBefore().stride());
        pool.put("padding", l.maxPoolBefore().padding());
      }
      n.put("motherParams", l.parameterCount());
      n.put("ticketParams", ticket.masks().get(k).parameterCount());
    }
    return root;
  }

  /** The max pooling a manifest layer names, null where it names none. */
  private static MaxPool2d maxPool(JsonNode pool) {
    if (pool == null || pool.isNull()) {
      return null;
    }
    return new MaxPool2d(pool.get("kernel").asInt(), pool.get("stride").asInt(), pool.get("padding").asInt());
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}
