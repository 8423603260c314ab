package org.ltcheck.gpu.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.tensor.FloatTensor;

/**
 * The complete state of a run after an epoch: every parameter and buffer, the optimiser's state
 * tensors and step count, the masks, and how many epochs are done. Generators are not saved:
 * each epoch derives its own from (seed, epoch). Stored as one safetensors file (prefixes
 * model/, optim/, mask/) written atomically, so a crash leaves the previous checkpoint intact.
 */
public record Checkpoint(
    int completedEpochs, long optimizerSteps, String fingerprint,
    Map<String, FloatTensor> model, Map<String, FloatTensor> optimizerState, Map<String, float[]> masks) {
  static final String FORMAT = "ltcheck-checkpoint-1";

  public Checkpoint {
    model = Map.copyOf(model);
    optimizerState = Map.copyOf(optimizerState);
    masks = Map.copyOf(masks);
  }

  public void write(Path path) throws IOException {
    SafetensorsWriter w = new SafetensorsWriter()
        .metadata("format", FORMAT)
        .metadata("completed_epochs", Integer.toString(completedEpochs))
        .metadata("optimizer_steps", Long.toString(optimizerSteps))
        .metadata("fingerprint", fingerprint);
    new java.util.TreeMap<>(model).forEach((k, v) -> w.putFloat("model/" + k, v));
    new java.util.TreeMap<>(optimizerState).forEach((k, v) -> w.putFloat("optim/" + k, v));
    new java.util.TreeMap<>(masks).forEach((k, v) -> w.putFloat("mask/" + k, FloatTensor.of(v, v.length)));
    w.write(path);
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IllegalArgumentException if the file is not an ltcheck checkpoint, its counters are
   *     negative, a tensor holds a non-finite value or a mask a value other than 0 and 1, naming
   *     the file and the tensor
   */
  public static Checkpoint read(Path path) throws IOException {
    SafetensorsFile f = SafetensorsFile.read(path);
    Map<String, String> meta = f.metadata();
    if (!FORMAT.equals(meta.get("format"))) {
      throw new IllegalArgumentException(path + ": not an ltcheck checkpoint (format " + meta.get("format") + ")");
    }
    Map<String, FloatTensor> model = new LinkedHashMap<>();
    Map<String, FloatTensor> optim = new LinkedHashMap<>();
    Map<String, float[]> masks = new LinkedHashMap<>();
    for (String name : f.header().tensors().keySet()) {
      if (name.startsWith("model/")) {
        model.put(name.substring(6), f.floatTensor(name));
      } else if (name.startsWith("optim/")) {
        optim.put(name.substring(6), f.floatTensor(name));
      } else if (name.startsWith("mask/")) {
        masks.put(name.substring(5), f.floatTensor(name).toArray());
      }
    }
    int epochs;
    long steps;
    try {
      epochs = Integer.parseInt(meta.get("completed_epochs"));
      steps = Long.parseLong(meta.get("optimizer_steps"));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(path + ": checkpoint metadata is incomplete (" + meta + ")");
    }
    if (epochs < 0 || steps < 0 || meta.get("fingerprint") == null) {
      throw new IllegalArgumentException(path + ": checkpoint metadata completed_epochs = " + epochs
          + ", optimizer_steps = " + steps + " are not counts of a run");
    }
    requireFinite(path, "model/", model);
    requireFinite(path, "optim/", optim);
    for (Map.Entry<String, float[]> m : masks.entrySet()) {
      float[] v = m.getValue();
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0f && v[i] != 1f) {
          throw new IllegalArgumentException(
              path + ": tensor 'mask/" + m.getKey() + "' holds " + v[i] + " at index " + i + "; a mask holds 0 or 1");
        }
      }
    }
    return new Checkpoint(epochs, steps, meta.get("fingerprint"), model, optim, masks);
  }

  private static void requireFinite(Path path, String prefix, Map<String, FloatTensor> tensors) {
    for (Map.Entry<String, FloatTensor> e : tensors.entrySet()) {
      int bad = e.getValue().firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException(path + ": tensor '" + prefix + e.getKey() + "' has the non-finite value "
            + e.getValue().get(bad) + " at index " + bad);
      }
    }
  }

  /**
   * Checks that this checkpoint belongs to a run of {@code totalEpochs} epochs of a network with
   * exactly these tensors: the same names and shapes for the model and the optimiser state, and
   * masks of prunable tensors of the right sizes.
   *
   * @param path the checkpoint's file, named in every message
   * @throws IllegalArgumentException naming the file and the first tensor that does not fit
   */
  public void requireFits(Path path, int totalEpochs, Map<String, int[]> modelShapes, Map<String, int[]> optimizerShapes,
      Map<String, Integer> maskSizes) {
    if (completedEpochs > totalEpochs) {
      throw new IllegalArgumentException(path + ": checkpoint metadata completed_epochs = " + completedEpochs
          + " exceeds the run's " + totalEpochs + " epochs");
    }
    requireShapes(path, "model/", model, modelShapes);
    requireShapes(path, "optim/", optimizerState, optimizerShapes);
    for (Map.Entry<String, float[]> m : masks.entrySet()) {
      Integer size = maskSizes.get(m.getKey());
      if (size == null || size != m.getValue().length) {
        throw new IllegalArgumentException(path + ": tensor 'mask/" + m.getKey() + "' has " + m.getValue().length
            + " values, " + (size == null ? "but no prunable tensor has that name" : "the tensor it masks " + size));
      }
    }
  }

  private static void requireShapes(Path path, String prefix, Map<String, FloatTensor> found, Map<String, int[]> expected) {
    for (Map.Entry<String, int[]> e : new java.util.TreeMap<>(expected).entrySet()) {
      FloatTensor t = found.get(e.getKey());
      if (t == null) {
        throw new IllegalArgumentException(path + ": tensor '" + prefix + e.getKey() + "' is missing");
      }
      if (!t.sameShape(e.getValue())) {
        throw new IllegalArgumentException(path + ": tensor '" + prefix + e.getKey() + "' has shape "
            + java.util.Arrays.toString(t.shape()) + ", the run expects " + java.util.Arrays.toString(e.getValue()));
      }
    }
    for (String name : new java.util.TreeSet<>(found.keySet())) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException(path + ": tensor '" + prefix + name + "' is not part of this run");
      }
    }
  }
}
