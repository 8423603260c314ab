package org.ltcheck.gpu.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.ConvScratch;
import org.ltcheck.gpu.backend.DeviceTensor;

/**
 * The CPU convolution layers give bit-identical outputs and gradients for any thread count
 * (each image is convolved by one task, and the weight gradient is summed over a partition of
 * the batch that depends on the batch size alone), and from call to call.
 */
class ConvLayerDeterminismTest {

  private static float[][] run(int threads, GemmKind kind, ConvGeometry g, int out, long seed) {
    Random rnd = new Random(seed);
    float[] x = gaussian(rnd, g.batch() * g.inputSize());
    float[] w = gaussian(rnd, out * g.colRows());
    float[] b = gaussian(rnd, out);
    float[] dy = gaussian(rnd, g.batch() * out * g.outPixels());
    try (CpuBackend backend = CpuBackend.create(threads, kind)) {
      DeviceTensor tx = backend.upload(x, x.length);
      DeviceTensor tw = backend.upload(w, w.length);
      DeviceTensor y = backend.allocate(g.batch() * out * g.outPixels());
      DeviceTensor dw = backend.allocate(w.length);
      DeviceTensor db = backend.allocate(out);
      DeviceTensor dx = backend.allocate(x.length);
      try (ConvScratch s = backend.convScratch(g, out)) {
        backend.conv2dForward(tx, g, tw, out, backend.upload(b, out), y, s);
        backend.conv2dBackward(tx, backend.upload(dy, dy.length), g, tw, out, dw, db, dx, s);
      }
      return new float[][] {backend.download(y), backend.download(dw), backend.download(db), backend.download(dx)};
    }
  }

  private static float[] gaussian(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  @ParameterizedTest(name = "{0} batch={1} C={2} stride={3} out={4}")
  @CsvSource({"OPENBLAS,37,32,1,32", "OPENBLAS,37,3,2,8", "OPENBLAS,5,1,1,32", "JAVA,19,16,1,16", "JAVA,19,3,2,4"})
  void sameBitsForOneTwoAndThreeThreads(GemmKind kind, int batch, int c, int stride, int out) {
    assumeTrue(kind != GemmKind.OPENBLAS || CpuBackend.openBlasAvailable(), "OpenBLAS not loadable here");
    ConvGeometry g = new ConvGeometry(batch, c, 12, 11, 3, 3, stride, 1);
    float[][] one = run(1, kind, g, out, 5);
    for (int threads : new int[] {2, 3, 2}) {
      float[][] other = run(threads, kind, g, out, 5);
      String[] what = {"output", "weight gradient", "bias gradient", "input gradient"};
      for (int i = 0; i < one.length; i++) {
        assertArrayEquals(one[i], other[i], what[i] + " with " + threads + " threads");
      }
    }
  }
}
