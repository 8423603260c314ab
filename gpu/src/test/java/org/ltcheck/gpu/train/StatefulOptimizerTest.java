package org.ltcheck.gpu.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;

/** The optimiser's updates against PyTorch's formulas in double precision, its masks and its state. */
class StatefulOptimizerTest {
  private static final int N = 37;
  private static final float LR = 0.05f;

  private final CpuBackend backend = CpuBackend.create(1, GemmKind.JAVA);
  private final Random rnd = new Random(11);

  @AfterEach
  void close() {
    backend.close();
  }

  private float[] random() {
    float[] a = new float[N];
    for (int i = 0; i < N; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  private Parameter parameter(String name, Parameter.Role role, float[] value) {
    return new Parameter(name, role, backend.upload(value, N));
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
    }
  }

  @Test
  void sgdWithMomentumAndWeightDecayFollowsPyTorch() {
    double momentum = 0.9;
    double decay = 1e-3;
    float[] w0 = random();
    Parameter p = parameter("w", Parameter.Role.WEIGHT, w0);
    double[] w = new double[N];
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      w[i] = w0[i];
    }
    try (Optimizer opt = OptimizerConfig.sgd(momentum, decay).create()) {
      for (int step = 0; step < 4; step++) {
        float[] g = random();
        backend.copyFromHost(g, 0, p.grad(), 0, N);
        opt.step(List.of(p), LR);
        for (int i = 0; i < N; i++) {
          double d = g[i] + decay * w[i];
          v[i] = step == 0 ? d : momentum * v[i] + d;
          w[i] -= LR * v[i];
        }
        assertClose(w, backend.download(p.value()), "weight after step " + (step + 1));
        assertClose(v, backend.download(opt.state(List.of(p)).get("w.momentum")), "velocity");
      }
      assertEquals(4, opt.steps());
    }
  }

  @Test
  void adamWithBiasCorrectionFollowsPyTorch() {
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double decay = 1e-2;
    float[] w0 = random();
    Parameter p = parameter("w", Parameter.Role.WEIGHT, w0);
    double[] w = new double[N];
    double[] m = new double[N];
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      w[i] = w0[i];
    }
    try (Optimizer opt = OptimizerConfig.adam(decay).create()) {
      for (int step = 1; step <= 3; step++) {
        float[] g = random();
        backend.copyFromHost(g, 0, p.grad(), 0, N);
        opt.step(List.of(p), LR);
        for (int i = 0; i < N; i++) {
          double d = g[i] + decay * w[i];
          m[i] = b1 * m[i] + (1 - b1) * d;
          v[i] = b2 * v[i] + (1 - b2) * d * d;
          double mHat = m[i] / (1 - Math.pow(b1, step));
          double vHat = v[i] / (1 - Math.pow(b2, step));
          w[i] -= LR * mHat / (Math.sqrt(vHat) + eps);
        }
        assertClose(w, backend.download(p.value()), "weight after step " + step);
      }
      Map<String, DeviceTensor> state = opt.state(List.of(p));
      assertEquals(Set.of("w.exp_avg", "w.exp_avg_sq"), state.keySet());
      assertClose(m, backend.download(state.get("w.exp_avg")), "first moment");
      assertClose(v, backend.download(state.get("w.exp_avg_sq")), "second moment");
    }
  }

  @Test
  void maskedWeightsStayExactlyZeroAndBuffersAreNotTouched() {
    Parameter weight = parameter("w", Parameter.Role.WEIGHT, random());
    float[] mask = new float[N];
    for (int i = 0; i < N; i += 3) {
      mask[i] = 1f;
    }
    weight.setMask(mask);
    float[] stats = random();
    Parameter buffer = parameter("bn.running_mean", Parameter.Role.BUFFER, stats);
    try (Optimizer opt = OptimizerConfig.sgd(0.9, 1e-4).create()) {
      for (int step = 0; step < 3; step++) {
        backend.copyFromHost(random(), 0, weight.grad(), 0, N);
        opt.step(List.of(weight, buffer), LR);
      }
      float[] w = backend.download(weight.value());
      for (int i = 0; i < N; i++) {
        if (mask[i] == 0f) {
          assertEquals(0, Float.floatToRawIntBits(w[i]), "pruned weight " + i + " is +0 exactly");
        } else {
          assertTrue(w[i] != 0f, "kept weight " + i + " trains");
        }
      }
      assertEquals(java.util.Arrays.toString(stats), java.util.Arrays.toString(backend.download(buffer.value())));
      assertEquals(Set.of("w.momentum"), opt.state(List.of(weight, buffer)).keySet(), "buffers have no state");
    }
  }

  @Test
  void stateExistsBeforeTheFirstStepAndTheStepCountRestores() {
    Parameter p = parameter("fc.weight", Parameter.Role.WEIGHT, random());
    try (Optimizer opt = OptimizerConfig.sgd(0.5, 0).create()) {
      DeviceTensor velocity = opt.state(List.of(p)).get("fc.weight.momentum");
      assertEquals(N, velocity.size());
      assertEquals(0f, backend.download(velocity)[0], "a fresh optimiser has zero state");
      opt.setSteps(17);
      assertEquals(17, opt.steps());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.setSteps(-1));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
  }
}
