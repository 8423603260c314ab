package org.ltcheck.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.model.Conv2d;

class ConvKernelTest {
  @ParameterizedTest(name = "{0}->{1} channels, {2}x{3}, kernel {4}, stride {5}, pad {6}, density {7}")
  @CsvSource({
    "3, 64, 12, 12, 3, 1, 1, 0.6", // 96-column chunks end in mid-row
    "5, 7, 9, 6, 3, 1, 0, 0.3",
    "4, 6, 5, 5, 1, 1, 0, 1.0",
    "2, 3, 30, 17, 5, 1, 2, 0.9",
    "6, 9, 11, 8, 3, 2, 1, 0.8",
    "4, 8, 8, 8, 1, 2, 0, 1.0",
  })
  void denseAndSparseLayoutsGiveBitIdenticalOutputs(
      int cin, int cout, int h, int w, int k, int stride, int pad, double density) {
    Random rnd = new Random(cin * 1000L + cout * 10L + k + stride);
    Conv2d conv = RandomLayers.conv(rnd, cin, cout, k, stride, pad, density);
    int[] in = {cin, h, w};
    Workspace.Plan densePlan = new Workspace.Plan();
    Workspace.Plan sparsePlan = new Workspace.Plan();
    ConvKernel dense = new ConvKernel(conv, in, densePlan, 0.0);
    ConvKernel sparse = new ConvKernel(conv, in, sparsePlan, 1.1);
    assertTrue(dense.isDense());
    assertFalse(sparse.isDense());
    float[] x = RandomLayers.tensor(rnd, 1.0, cin * h * w).toArray();
    // Offsets and stale buffers on purpose: kernels must honour them and overwrite everything.
    float[] a = new float[3 + dense.outSize()];
    float[] b = new float[5 + sparse.outSize()];
    java.util.Arrays.fill(a, Float.NaN);
    java.util.Arrays.fill(b, Float.NaN);
    float[] shifted = new float[7 + x.length];
    System.arraycopy(x, 0, shifted, 7, x.length);
    dense.run(shifted, 7, a, 3, dirty(densePlan.newWorkspace()));
    sparse.run(shifted, 7, b, 5, dirty(sparsePlan.newWorkspace()));
    for (int i = 0; i < dense.outSize(); i++) {
      // == rather than bit equality: the dense layout may add 0*x terms, which can only turn -0 into +0.
      assertTrue(a[3 + i] == b[5 + i], "element " + i + ": dense " + a[3 + i] + " sparse " + b[5 + i]);
    }
  }

  @ParameterizedTest
  @CsvSource({"1, 1.0, true", "2, 1.0, true", "1, 0.05, false", "2, 0.05, false"})
  void layoutFollowsDensityAndStride(int stride, double density, boolean expectDense) {
    Conv2d conv = RandomLayers.conv(new Random(9), 4, 4, 3, stride, 1, density);
    assertEquals(expectDense, new ConvKernel(conv, new int[] {4, 8, 8}, new Workspace.Plan()).isDense());
  }

  private static Workspace dirty(Workspace ws) {
    java.util.Arrays.fill(ws.pad, 1e9f);
    java.util.Arrays.fill(ws.acc, 1e9f);
    java.util.Arrays.fill(ws.tap, 1e9f);
    for (float[] row : ws.accRows) {
      java.util.Arrays.fill(row, 1e9f);
    }
    return ws;
  }
}
