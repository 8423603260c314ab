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
   * @throws IllegalArgumentException if the file is not an ltcheck checkpoint, naming the file
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
    try {
      return new Checkpoint(Integer.parseInt(meta.get("completed_epochs")), Long.parseLong(meta.get("optimizer_steps")),
          meta.get("fingerprint"), model, optim, masks);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException(path + ": checkpoint metadata is incomplete (" + meta + ")");
    }
  }
}
