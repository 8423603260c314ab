package org.ltcheck.experiments.reproduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ltcheck.io.safetensors.SafetensorsFile;

/**
 * The target after one pruning step, as recorded in the metadata of the model file the training
 * run wrote for it (step 0: the dense model). Read from the files rather than kept in memory, so
 * that a resumed reproduction reports the same table as an uninterrupted one.
 *
 * @param step pruning step, 0 = dense training
 * @param density fraction of conv and linear weights kept
 * @param testAccuracy test accuracy after the step's training (on at most {@code --max-batches}
 *     test batches when that is set)
 * @param epoch global epoch after which the model was saved
 * @param model the model file
 */
public record PruningStepResult(int step, double density, double testAccuracy, int epoch, Path model) {
  /**
   * Reads the record from {@code model}'s metadata.
   *
   * @throws IOException if the file is unreadable or lacks the training run's metadata
   */
  public static PruningStepResult read(Path model) throws IOException {
    Map<String, String> m = SafetensorsFile.read(model).metadata();
    try {
      return new PruningStepResult(Integer.parseInt(m.get("step")), Double.parseDouble(m.get("density")),
          Double.parseDouble(m.get("test_accuracy")), Integer.parseInt(m.get("epoch")), model);
    } catch (NullPointerException | NumberFormatException e) {
      throw new IOException(model + ": no training metadata (step, density, test_accuracy, epoch): " + m, e);
    }
  }
}
