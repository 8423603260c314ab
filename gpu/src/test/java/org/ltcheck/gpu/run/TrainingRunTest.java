package org.ltcheck.gpu.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ltcheck.gpu.backend.Backend;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;
import org.ltcheck.gpu.data.ImageData;
import org.ltcheck.gpu.data.SyntheticImages;
import org.ltcheck.gpu.prune.DensitySchedule;
import org.ltcheck.gpu.prune.Masks;
import org.ltcheck.gpu.train.NamedNetwork;
import org.ltcheck.gpu.train.OptimizerConfig;
import org.ltcheck.gpu.train.StepSchedule;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.model.Activation;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;

/** End-to-end training and pruning of a tiny CNN on synthetic data, including kill-and-resume. */
class TrainingRunTest {
  private static final int[] CHW = {1, 8, 8};
  private Backend backend;
  private ImageData train;
  private ImageData test;

  @BeforeEach
  void setUp() {
    backend = CpuBackend.create(2, GemmKind.AUTO);
    Random seeds = new Random(99);
    ImageData all = SyntheticImages.generate(new SplittableRandom(seeds.nextLong()), 208, CHW, 3, 1.0);
    train = all.range(0, 160);
    test = all.range(160, 208);
  }

  @AfterEach
  void tearDown() {
    backend.close();
  }

  static NamedNetwork tinyCnn(long seed) {
    Random r = new Random(seed);
    return new NamedNetwork(new Network(CHW, List.of(
        new Conv2d(gaussian(r, 0.4, 4, 1, 3, 3), gaussian(r, 0.1, 4), 1, 1), Activation.relu(),
        new Conv2d(gaussian(r, 0.2, 4, 4, 3, 3), null, 2, 1),
        new BatchNorm2d(ones(4), FloatTensor.zeros(4), FloatTensor.zeros(4), ones(4), 1e-5), Activation.relu(),
        new Flatten(), new Linear(gaussian(r, 0.1, 3, 64), gaussian(r, 0.1, 3)))),
        List.of("conv1", "conv2", "bn", "fc"));
  }

  private static FloatTensor gaussian(Random r, double std, int... shape) {
    float[] a = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (std * r.nextGaussian());
    }
    return FloatTensor.wrap(a, shape);
  }

  private static FloatTensor ones(int n) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, 1f);
    return FloatTensor.wrap(a, n);
  }

  private static RunConfig config(OptimizerConfig opt, int epochsPerStep, int steps, double finalDensity, boolean rewind) {
    double lr = opt.kind() == OptimizerConfig.Kind.SGD ? 0.05 : 0.003;
    return new RunConfig("tiny-cnn/synthetic", epochsPerStep, 16, new StepSchedule(lr, new int[] {2}, 0.5), opt,
        7L, 0, new DensitySchedule(finalDensity, steps), rewind);
  }

  private static final class Recorder implements RunListener {
    final List<EpochRecord> records = new ArrayList<>();
    final List<Path> stepFiles = new ArrayList<>();
    int killAfter = Integer.MAX_VALUE;

    @Override
    public void epochDone(EpochRecord record) {
      records.add(record);
      if (record.epoch() == killAfter) {
        throw new KilledException();
      }
    }

    @Override
    public void stepDone(int step, double density, Path file) {
      stepFiles.add(file);
    }
  }

  private static final class KilledException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void staleTempFilesOfAKilledWriteAreRemovedWhenTheRunStarts(@TempDir Path dir) throws IOException {
    Path stale = Files.writeString(dir.resolve("." + TrainingRun.CHECKPOINT + ".12345.tmp"), "half a checkpoint");
    Path unrelated = Files.writeString(dir.resolve("notes.txt"), "kept");
    new TrainingRun(config(OptimizerConfig.sgd(0.9, 1e-4), 1, 0, 1, false), tinyCnn(1), dir)
        .run(backend, train, test, true, new Recorder());
    assertFalse(Files.exists(stale), "a killed write's temp file is removed");
    assertTrue(Files.exists(unrelated));
  }

  @Test
  void trainingLowersLossAndWritesALoadableModel(@TempDir Path dir) throws IOException {
    Recorder rec = new Recorder();
    TrainingRun run = new TrainingRun(config(OptimizerConfig.sgd(0.9, 1e-4), 4, 0, 1, false), tinyCnn(1), dir);
    TrainingRun.Result r = run.run(backend, train, test, false, rec);
    assertEquals(4, rec.records.size());
    assertTrue(rec.records.get(3).trainLoss() < 0.5 * rec.records.get(0).trainLoss(),
        "loss should fall: " + rec.records);
    assertTrue(rec.records.get(3).testAccuracy() > 0.8, "synthetic classes are separable: " + rec.records.get(3));
    assertEquals(dir.resolve(TrainingRun.MODEL), r.modelFile());
    NamedNetwork loaded = ModelFiles.read(r.modelFile(), tinyCnn(1));
    assertEquals(r.network().network(), loaded.network());
    assertTrue(Files.exists(dir.resolve(TrainingRun.CHECKPOINT)));
  }

  @Test
  void pruningFollowsTheAnnealedScheduleWithMonotoneMasksAndExactZeros(@TempDir Path dir) throws IOException {
    Recorder rec = new Recorder();
    DensitySchedule schedule = new DensitySchedule(0.1, 3);
    RunConfig cfg = new RunConfig("tiny-cnn/synthetic", 2, 16, StepSchedule.constant(0.05),
        OptimizerConfig.sgd(0.9, 1e-4), 7L, 0, schedule, false);
    TrainingRun.Result r = new TrainingRun(cfg, tinyCnn(2), dir).run(backend, train, test, false, rec);
    assertEquals(8, rec.records.size());
    int total = 4 * 9 + 4 * 4 * 9 + 3 * 64;
    for (EpochRecord e : rec.records) {
      double expected = e.step() == 0 ? 1.0 : Math.round(schedule.density(e.step()) * total) / (double) total;
      assertEquals(expected, e.density(), 1e-12, "density in epoch " + e.epoch());
    }
    assertEquals(4, rec.stepFiles.size(), "the dense phase and three pruning steps");
    assertTrue(ModelFiles.readMasks(rec.stepFiles.get(0)).isEmpty());
    Map<String, float[]> previous = null;
    for (Path f : rec.stepFiles.subList(1, 4)) {
      Map<String, float[]> masks = ModelFiles.readMasks(f);
      assertEquals(List.of("conv1.weight", "conv2.weight", "fc.weight"), new ArrayList<>(masks.keySet()));
      if (previous != null) {
        Masks.requireMonotone(previous, masks);
      }
      SafetensorsFile file = SafetensorsFile.read(f);
      for (Map.Entry<String, float[]> m : masks.entrySet()) {
        float[] w = file.floatTensor(m.getKey()).toArray();
        for (int i = 0; i < w.length; i++) {
          if (m.getValue()[i] == 0f) {
            assertEquals(0, Float.floatToRawIntBits(w[i]), m.getKey() + "[" + i + "] must be +0 when pruned");
          }
        }
      }
      assertTrue(file.metadata().containsKey("density") && file.metadata().containsKey("test_accuracy"));
      previous = masks;
    }
    assertEquals(0.1, Masks.density(r.masks()), 1.0 / total);
    NamedNetwork loaded = ModelFiles.read(dir.resolve(TrainingRun.PRUNED), tinyCnn(2));
    float[] fc = loaded.stateDict().get("fc.weight").toArray();
    float[] mask = r.masks().get("fc.weight");
    for (int i = 0; i < fc.length; i++) {
      assertTrue(mask[i] != 0f || fc[i] == 0f);
    }
  }

  @ParameterizedTest
  @EnumSource(OptimizerConfig.Kind.class)
  void killedAndResumedRunEqualsUninterruptedRunBitForBit(OptimizerConfig.Kind kind, @TempDir Path dir) throws IOException {
    OptimizerConfig opt = kind == OptimizerConfig.Kind.SGD ? OptimizerConfig.sgd(0.9, 5e-4) : OptimizerConfig.adam(1e-4);
    RunConfig cfg = config(opt, 1, 2, 0.3, kind == OptimizerConfig.Kind.ADAM);
    TrainingRun.Result whole = new TrainingRun(cfg, tinyCnn(3), dir.resolve("whole"))
        .run(backend, train.withAugmentation(shift()), test, false, RunListener.NONE);

    Recorder killer = new Recorder();
    killer.killAfter = 2;
    TrainingRun interrupted = new TrainingRun(cfg, tinyCnn(3), dir.resolve("split"));
    assertThrows(KilledException.class,
        () -> interrupted.run(backend, train.withAugmentation(shift()), test, false, killer));
    try (Backend fresh = CpuBackend.create(2, GemmKind.AUTO)) {
      Recorder rest = new Recorder();
      TrainingRun.Result resumed = new TrainingRun(cfg, tinyCnn(3), dir.resolve("split"))
          .run(fresh, train.withAugmentation(shift()), test, true, rest);
      assertEquals(1, rest.records.size(), "only the third epoch remains");
      assertEquals(3, rest.records.get(0).epoch());
      Map<String, FloatTensor> a = whole.network().stateDict();
      Map<String, FloatTensor> b = resumed.network().stateDict();
      assertEquals(a.keySet(), b.keySet());
      for (String k : a.keySet()) {
        assertEquals(a.get(k), b.get(k), k + " differs after resume");
      }
      assertEquals(whole.masks().keySet(), resumed.masks().keySet());
      for (String k : whole.masks().keySet()) {
        assertArrayEquals(whole.masks().get(k), resumed.masks().get(k), k);
      }
    }
  }

  /** A random one-pixel shift, so that the resume test also covers per-epoch augmentation draws. */
  private static org.ltcheck.gpu.data.Augmentation shift() {
    return new org.ltcheck.gpu.data.CropFlip(1, new float[] {0f});
  }

  @Test
  void resumeRefusesACheckpointOfAnotherConfiguration(@TempDir Path dir) throws IOException {
    new TrainingRun(config(OptimizerConfig.sgd(0.9, 0), 1, 0, 1, false), tinyCnn(4), dir)
        .run(backend, train, test, false, RunListener.NONE);
    RunConfig other = config(OptimizerConfig.sgd(0.8, 0), 2, 0, 1, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingRun(other, tinyCnn(4), dir).run(backend, train, test, true, RunListener.NONE));
    assertTrue(e.getMessage().contains(TrainingRun.CHECKPOINT), e.getMessage());
  }
}
