package org.ltcheck.gpu.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.gpu.models.Architecture;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.io.safetensors.SafetensorsWriter;
import org.ltcheck.tensor.FloatTensor;

class ModelFilesTest {
  @TempDir Path dir;

  private final NamedNetwork net = Architecture.MNIST_CNN.initialise(new SplittableRandom(4));

  /** The network's tensors written under their names, {@code fc.weight} replaced by {@code edit} of it. */
  private Path withFcWeight(UnaryOperator<FloatTensor> edit) throws IOException {
    SafetensorsWriter w = new SafetensorsWriter();
    for (Map.Entry<String, FloatTensor> e : net.stateDict().entrySet()) {
      w.putFloat(e.getKey(), e.getKey().equals("fc.weight") ? edit.apply(e.getValue()) : e.getValue());
    }
    Path p = dir.resolve("model.safetensors");
    w.write(p);
    return p;
  }

  @Test
  void readsWhatItWrites() throws IOException {
    Path p = dir.resolve("m.safetensors");
    ModelFiles.write(p, net, Map.of(), Map.of("note", "test"));
    assertEquals(net.stateDict(), ModelFiles.read(p, net).stateDict());
  }

  @Test
  void aTensorOfAnotherShapeIsNotReinterpreted() throws IOException {
    Path p = withFcWeight(w -> w.reshape(w.shape()[1], w.shape()[0]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.read(p, net));
    assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("'fc.weight' has shape"),
        e.getMessage());
  }

  @Test
  void aNonFiniteWeightIsRefusedWithFileTensorAndIndex() throws IOException {
    Path p = withFcWeight(w -> {
      float[] v = w.toArray();
      v[7] = Float.POSITIVE_INFINITY;
      return FloatTensor.of(v, w.shape());
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.read(p, net));
    assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("'fc.weight'")
        && e.getMessage().contains("Infinity at index 7"), e.getMessage());
  }
}
