package org.ltcheck.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.model.Conv2d;
import org.ltcheck.tensor.FloatTensor;

class ConvKernelTest {
  @ParameterizedTest(name = "{0}->{1} channels, {2}x{3}, kernel {4}, stride {5}, pad {6}, density {7}")
  @CsvSource({
    "3, 64, 12, 12, 3, 1, 1, 0.6",
    "5, 7, 9, 6, 3, 1, 0, 0.3",
    "4, 6, 5, 5, 1, 1, 0, 1.0",
    "2, 3, 30, 17, 5, 1, 2, 0.9",
    "6, 9, 11, 8, 3, 2, 1, 0.8",
    "4, 8, 8, 8, 1, 2, 0, 1.0",
  })
  void byShiftAndByOutputLayoutsGiveBitIdenticalOutputs(
      int cin, int cout, int h, int w, int k, int stride, int pad, double density) {
    Random rnd = new Random(cin * 1000L + cout * 10L + k + stride);
    Conv2d conv = RandomLayers.conv(rnd, cin, cout, k, stride, pad, density);
    int[] in = {cin, h, w};
    float[] x = RandomLayers.tensor(rnd, 1.0, cin * h * w).toArray();
    float[] byOutput = run(conv, in, ConvKernel.Layout.BY_OUTPUT, ConvKernel.ACC_FLOATS, x, 5);
    // 6144 accumulator floats: 96-column chunks for 64 outputs, which end in mid-row.
    for (int accFloats : new int[] {6144, ConvKernel.ACC_FLOATS}) {
      float[] byShift = run(conv, in, ConvKernel.Layout.BY_SHIFT, accFloats, x, 3);
      for (int i = 0; i < byOutput.length; i++) {
        assertEquals(Float.floatToRawIntBits(byOutput[i]), Float.floatToRawIntBits(byShift[i]),
            "element " + i + " (" + accFloats + " accumulator floats): by output " + byOutput[i] + ", by shift "
                + byShift[i]);
      }
    }
  }

  /**
   * Compiles and runs the convolution with input and output offsets over stale buffers, which
   * the kernel must honour and overwrite.
   */
  private static float[] run(Conv2d conv, int[] in, ConvKernel.Layout layout, int accFloats, float[] x, int outOff) {
    Workspace.Plan plan = new Workspace.Plan();
    ConvKernel kernel = new ConvKernel(conv, in, plan, layout, accFloats);
    assertEquals(layout, kernel.layout());
    float[] out = new float[outOff + kernel.outSize()];
    Arrays.fill(out, Float.NaN);
    float[] shifted = new float[7 + x.length];
    System.arraycopy(x, 0, shifted, 7, x.length);
    kernel.run(shifted, 7, out, outOff, dirty(plan.newWorkspace()));
    return Arrays.copyOfRange(out, outOff, out.length);
  }

  @ParameterizedTest
  @CsvSource({"1, 1.0, BY_SHIFT", "2, 1.0, BY_SHIFT", "1, 0.05, BY_OUTPUT", "2, 0.05, BY_OUTPUT"})
  void layoutFollowsDensity(int stride, double density, ConvKernel.Layout expected) {
    // 4 outputs over 36 shifts: density 1 feeds 4 outputs per shift, density 0.05 about one.
    Conv2d conv = RandomLayers.conv(new Random(9), 4, 4, 3, stride, 1, density);
    assertEquals(expected, new ConvKernel(conv, new int[] {4, 8, 8}, new Workspace.Plan()).layout());
  }

  @ParameterizedTest
  @CsvSource({"1, 1, BY_OUTPUT", "1, 2, BY_SHIFT", "2, 3, BY_OUTPUT", "2, 4, BY_SHIFT"})
  void byShiftOnceACopiedWindowFeedsTwoOutputsOnAverage(int inChannels, int nonZero, ConvKernel.Layout expected) {
    // A 1x1 kernel has one shift per input channel; the first nonzeros in (out, in) order use every one.
    float[] w = new float[16 * inChannels];
    for (int k = 0; k < nonZero; k++) {
      w[k] = 0.5f;
    }
    Conv2d conv = new Conv2d(FloatTensor.wrap(w, 16, inChannels, 1, 1), null, 1, 0);
    assertEquals(expected, new ConvKernel(conv, new int[] {inChannels, 4, 4}, new Workspace.Plan()).layout());
  }

  private static Workspace dirty(Workspace ws) {
    Arrays.fill(ws.pad, 1e9f);
    Arrays.fill(ws.acc, 1e9f);
    Arrays.fill(ws.tap, 1e9f);
    for (float[] row : ws.accRows) {
      Arrays.fill(row, 1e9f);
    }
    return ws;
  }
}
