package org.ltcheck.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.Backends;
import org.ltcheck.gpu.backend.Device;
import org.ltcheck.gpu.data.TrainingSets;
import org.ltcheck.gpu.run.EpochRecord;
import org.ltcheck.gpu.run.ModelFiles;
import org.ltcheck.gpu.run.RunListener;
import org.ltcheck.gpu.run.TrainingRun;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.StepSchedule;
import org.ltcheck.tensor.FloatTensor;

/**
 * Stages train and prune on a few batches of synthetic data: splitting {@code ltcheck prune}
 * into a dense stage and a pruning stage that continues it must not change the result.
 */
class TrainingStagesTest {
  private static final Experiment E = Experiment.MNIST;

  private static TrainingSettings settings(long seed) {
    return new TrainingSettings(2, 2, 0.25, 8, new StepSchedule(0.01, new int[] {1}, 0.1),
        OptimizerConfig.sgd(0.9, 1e-4), seed, 2);
  }

  @Test
  void densePlusPruneStagesEqualOneUninterruptedPruningRun(@TempDir Path dir) throws Exception {
    TrainingSettings t = settings(7);
    TrainingSets data = TrainingSets.load(E.architecture(), null, 32, t.seed());
    try (Backend backend = Backends.create(Device.CPU, 1)) {
      TrainingStages.dense(E, t, dir.resolve("train"), backend, data, RunListener.NONE);
      TrainingRun.Result staged = TrainingStages.prune(E, t, dir.resolve("train"), dir.resolve("prune"), backend, data,
          RunListener.NONE);
      TrainingRun.Result direct = new TrainingRun(t.pruneRun(E.architecture()), E.initialise(t.seed()),
          dir.resolve("direct")).run(backend, data.train(), data.test(), false, RunListener.NONE);

      Map<String, FloatTensor> a = staged.network().stateDict();
      Map<String, FloatTensor> b = direct.network().stateDict();
      assertEquals(b.keySet(), a.keySet());
      for (String name : a.keySet()) {
        assertArrayEquals(b.get(name).toArray(), a.get(name).toArray(), name);
      }
      assertEquals(direct.masks().keySet(), staged.masks().keySet());
      for (String name : staged.masks().keySet()) {
        assertArrayEquals(direct.masks().get(name), staged.masks().get(name), name);
      }
      assertEquals(withoutTimings(direct.last()), withoutTimings(staged.last()), "same epoch, losses and accuracies");
    }
    // The pruning table: the dense model, then one model per step with the scheduled density.
    List<PruningStepResult> table = TrainingStages.schedule(dir.resolve("train").resolve(TrainingRun.MODEL),
        dir.resolve("prune"), t.steps());
    assertEquals(List.of(0, 1, 2), table.stream().map(PruningStepResult::step).toList());
    assertEquals(1.0, table.get(0).density());
    assertEquals(0.5, table.get(1).density(), 1e-3);
    assertEquals(0.25, table.get(2).density(), 1e-3);
    assertEquals(List.of(2, 4, 6), table.stream().map(PruningStepResult::epoch).toList());
    assertTrue(ModelFiles.readMasks(TrainingStages.stepModel(dir.resolve("prune"), 2)).containsKey("fc.weight"));
  }

  private static List<Double> withoutTimings(EpochRecord r) {
    return List.of((double) r.epoch(), (double) r.step(), r.density(), r.lr(), r.trainLoss(), r.trainAccuracy(),
        r.testLoss(), r.testAccuracy());
  }

  @Test
  void pruningRefusesADenseCheckpointOfAnotherRun(@TempDir Path dir) throws Exception {
    TrainingSets data = TrainingSets.load(E.architecture(), null, 16, 1);
    try (Backend backend = Backends.create(Device.CPU, 1)) {
      TrainingStages.dense(E, settings(1), dir.resolve("train"), backend, data, RunListener.NONE);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
          TrainingStages.prune(E, settings(2), dir.resolve("train"), dir.resolve("prune"), backend, data,
              RunListener.NONE));
      assertTrue(e.getMessage().contains("is not the finished dense run"), e.getMessage());
      assertTrue(!Files.exists(dir.resolve("prune").resolve(TrainingRun.CHECKPOINT)), "nothing written");
    }
  }
}
