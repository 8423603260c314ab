package org.ltcheck.gpu.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.tensor.FloatTensor;

/**
 * Trained and pruned models as safetensors files that the rest of ltcheck reads directly: every
 * tensor under its PyTorch state-dict name (e.g. conv1.weight, like the vendored MNIST target),
 * pruned weights stored as effective weights (weight·mask, pruned entries exactly +0), each mask
 * as F32 {@code <name>_mask}, and string metadata (density, step, accuracy, …).
 */
public final class ModelFiles {
  /** Suffix of mask tensors. */
  public static final String MASK_SUFFIX = "_mask";

  private ModelFiles() {}

  /** Writes {@code network} with {@code masks} (may be empty) atomically. */
  public static void write(Path path, NamedNetwork network, Map<String, float[]> masks, Map<String, String> metadata)
      throws IOException {
    SafetensorsWriter w = new SafetensorsWriter();
    metadata.forEach(w::metadata);
    for (Map.Entry<String, FloatTensor> e : network.stateDict().entrySet()) {
      float[] m = masks.get(e.getKey());
      FloatTensor t = e.getValue();
      if (m != null) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
          v[i] = m[i] == 0f ? 0f : v[i];
        }
        t = FloatTensor.wrap(v, t.shape());
      }
      w.putFloat(e.getKey(), t);
    }
    for (Map.Entry<String, FloatTensor> e : network.stateDict().entrySet()) {
      float[] m = masks.get(e.getKey());
      if (m != null) {
        w.putFloat(e.getKey() + MASK_SUFFIX, FloatTensor.wrap(m.clone(), e.getValue().shape()));
      }
    }
    w.write(path);
  }

  /**
   * Reads a model file into the architecture of {@code skeleton} (masks and extra tensors
   * ignored).
   *
   * @throws IllegalArgumentException naming the file and the tensor if one is missing, has
   *     another shape than the architecture's (a same-sized tensor is not reinterpreted) or holds
   *     a non-finite value
   */
  public static NamedNetwork read(Path path, NamedNetwork skeleton) throws IOException {
    SafetensorsFile f = SafetensorsFile.read(path);
    Map<String, FloatTensor> tensors = new HashMap<>();
    for (Map.Entry<String, FloatTensor> e : skeleton.stateDict().entrySet()) {
      String name = e.getKey();
      if (!f.contains(name)) {
        throw new IllegalArgumentException(path + ": tensor '" + name + "' is missing");
      }
      FloatTensor t = f.floatTensor(name);
      if (!t.sameShape(e.getValue().shape())) {
        throw new IllegalArgumentException(path + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape())
            + ", the architecture expects " + Arrays.toString(e.getValue().shape()));
      }
      int bad = t.firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException(
            path + ": tensor '" + name + "' has the non-finite value " + t.get(bad) + " at index " + bad);
      }
      tensors.put(name, t);
    }
    return skeleton.withStateDict(tensors);
  }

  /** The masks stored in a model file, by weight name. */
  public static Map<String, float[]> readMasks(Path path) throws IOException {
    SafetensorsFile f = SafetensorsFile.read(path);
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (String name : f.header().tensors().keySet()) {
      if (name.endsWith(MASK_SUFFIX)) {
        out.put(name.substring(0, name.length() - MASK_SUFFIX.length()), f.floatTensor(name).toArray());
      }
    }
    return out;
  }
}
