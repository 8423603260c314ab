package org.ltcheck.gpu.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ltcheck.theory.ActivationKind;

/**
 * The contract every {@link Backend} must meet, checked op by op against plain double-precision
 * reference loops. Concrete subclasses supply the backend (CPU with OpenBLAS, CPU with the Java
 * GEMM, later CUDA — which must skip itself when no GPU is present, never fake one).
 */
public abstract class AbstractBackendTest {
  protected Backend backend;
  private final Random rnd = new Random(20220717);

  /** The backend under test; called before each test. */
  protected abstract Backend createBackend();

  @BeforeEach
  void open() {
    backend = createBackend();
  }

  @AfterEach
  void closeBackend() {
    if (backend != null) { // null when createBackend() skipped the test through an assumption
      backend.close();
    }
  }

  protected float[] random(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rnd.nextGaussian());
    }
    return a;
  }

  private static void close(float[] expected, float[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      double scale = Math.max(1, Math.abs(expected[i]));
      assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale,
          what + "[" + i + "]: expected " + expected[i] + " but got " + actual[i]);
    }
  }

  private static void close(double[] expected, float[] actual, double tol, String what) {
    float[] e = new float[expected.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = (float) expected[i];
    }
    close(e, actual, tol, what);
  }

  // ---------------------------------------------------------------- memory and element-wise

  @Test
  void uploadDownloadRoundTripsBitsAndRegions() {
    float[] a = random(37);
    a[3] = Float.NaN;
    a[5] = -0f;
    DeviceTensor t = backend.upload(a, 37);
    float[] back = backend.download(t);
    for (int i = 0; i < a.length; i++) {
      assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(back[i]));
    }
    backend.copyFromHost(new float[] {7, 8}, 0, t, 10, 2);
    float[] part = new float[4];
    backend.copyToHost(t, 9, part, 1, 3);
    assertArrayEquals(new float[] {0, a[9], 7, 8}, part);
    DeviceTensor z = backend.allocate(2, 3);
    assertArrayEquals(new int[] {2, 3}, z.shape());
    assertArrayEquals(new float[6], backend.download(z));
  }

  @Test
  void elementwiseOpsMatchReference() {
    int n = 70_001;
    float[] a = random(n);
    float[] b = random(n);
    DeviceTensor ta = backend.upload(a, n);
    DeviceTensor tb = backend.upload(b, n);
    DeviceTensor out = backend.allocate(n);
    backend.add(ta, tb, out);
    float[] sum = backend.download(out);
    backend.axpy(-2f, ta, tb);
    float[] axpy = backend.download(tb);
    backend.scale(ta, 3f);
    float[] scaled = backend.download(ta);
    float[] mask = new float[n];
    for (int i = 0; i < n; i += 3) {
      mask[i] = 1;
    }
    backend.multiply(ta, backend.upload(mask, n));
    float[] masked = backend.download(ta);
    for (int i = 0; i < n; i++) {
      assertEquals(a[i] + b[i], sum[i]);
      assertEquals(b[i] + -2f * a[i], axpy[i]);
      assertEquals(a[i] * 3f, scaled[i]);
      assertEquals(i % 3 == 0 ? a[i] * 3f : 0f, masked[i]);
    }
    backend.fill(out, 2.5f);
    backend.copy(out, ta);
    float[] filled = backend.download(ta);
    for (float v : filled) {
      assertEquals(2.5f, v);
    }
  }

  @Test
  void swapAxesTransposesLeadingAxes() {
    int a = 5;
    int b = 7;
    int inner = 3;
    float[] src = random(a * b * inner);
    DeviceTensor dst = backend.allocate(b, a, inner);
    backend.swapAxes(backend.upload(src, a, b, inner), a, b, inner, dst);
    float[] got = backend.download(dst);
    for (int i = 0; i < a; i++) {
      for (int j = 0; j < b; j++) {
        for (int t = 0; t < inner; t++) {
          assertEquals(src[(i * b + j) * inner + t], got[(j * a + i) * inner + t]);
        }
      }
    }
  }

  // ---------------------------------------------------------------- GEMM

  @ParameterizedTest(name = "transA={0} transB={1}")
  @org.junit.jupiter.params.provider.CsvSource({"false,false", "true,false", "false,true", "true,true"})
  void sgemmMatchesReferenceWithOffsetsStridesAlphaBeta(boolean ta, boolean tb) {
    int m = 67;
    int n = 301;
    int k = 129;
    int lda = (ta ? m : k) + 3;
    int ldb = (tb ? k : n) + 1;
    int ldc = n + 2;
    int aOff = 5;
    int bOff = 2;
    int cOff = 7;
    float[] a = random(aOff + (ta ? k : m) * lda);
    float[] b = random(bOff + (tb ? n : k) * ldb);
    float[] c = random(cOff + m * ldc);
    float alpha = 0.75f;
    float beta = -0.5f;
    DeviceTensor tc = backend.upload(c, c.length);
    backend.sgemm(ta, tb, m, n, k, alpha, backend.upload(a, a.length), aOff, lda,
        backend.upload(b, b.length), bOff, ldb, beta, tc, cOff, ldc);
    float[] got = backend.download(tc);
    double[] expected = new double[c.length];
    for (int i = 0; i < c.length; i++) {
      expected[i] = c[i];
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
          s += av * bv;
        }
        expected[cOff + i * ldc + j] = alpha * s + beta * c[cOff + i * ldc + j];
      }
    }
    close(expected, got, 1e-4, "sgemm");
  }

  @Test
  void sgemmWithZeroBetaIgnoresNaNInOutput() {
    float[] c = new float[4];
    java.util.Arrays.fill(c, Float.NaN);
    DeviceTensor tc = backend.upload(c, 4);
    backend.sgemm(false, false, 2, 2, 1, 1f, backend.upload(new float[] {1, 2}, 2), 0, 1,
        backend.upload(new float[] {3, 4}, 2), 0, 2, 0f, tc, 0, 2);
    assertArrayEquals(new float[] {3, 4, 6, 8}, backend.download(tc));
  }

  // ---------------------------------------------------------------- convolution

  private static double[] referenceIm2col(float[] x, ConvGeometry g) {
    double[] cols = new double[g.colRows() * g.colCols()];
    int oh = g.outHeight();
    int ow = g.outWidth();
    for (int c = 0; c < g.channels(); c++) {
      for (int ki = 0; ki < g.kernelHeight(); ki++) {
        for (int kj = 0; kj < g.kernelWidth(); kj++) {
          int row = (c * g.kernelHeight() + ki) * g.kernelWidth() + kj;
          for (int n = 0; n < g.batch(); n++) {
            for (int r = 0; r < oh; r++) {
              for (int q = 0; q < ow; q++) {
                int ih = r * g.stride() - g.padding() + ki;
                int iw = q * g.stride() - g.padding() + kj;
                boolean inside = ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width();
                cols[row * g.colCols() + n * oh * ow + r * ow + q] =
                    inside ? x[((n * g.channels() + c) * g.height() + ih) * g.width() + iw] : 0;
              }
            }
          }
        }
      }
    }
    return cols;
  }

  @ParameterizedTest(name = "stride={0} padding={1} kernel={2}")
  @org.junit.jupiter.params.provider.CsvSource({"1,1,3", "2,1,3", "2,0,1", "1,0,1", "3,2,5"})
  void im2colMatchesReferenceAndCol2imIsItsAdjoint(int stride, int padding, int kernel) {
    ConvGeometry g = new ConvGeometry(3, 4, 9, 8, kernel, kernel, stride, padding);
    float[] x = random(g.batch() * g.inputSize());
    DeviceTensor cols = backend.allocate(g.colRows(), g.colCols());
    backend.im2col(backend.upload(x, x.length), g, cols);
    float[] gotCols = backend.download(cols);
    close(referenceIm2col(x, g), gotCols, 0, "im2col");

    float[] c = random(g.colRows() * g.colCols());
    DeviceTensor dx = backend.allocate(x.length);
    backend.fill(dx, Float.NaN); // col2im must overwrite
    backend.col2im(backend.upload(c, c.length), g, dx);
    float[] gotDx = backend.download(dx);
    double lhs = 0;
    for (int i = 0; i < c.length; i++) {
      lhs += (double) gotCols[i] * c[i];
    }
    double rhs = 0;
    for (int i = 0; i < x.length; i++) {
      rhs += (double) x[i] * gotDx[i];
    }
    assertEquals(lhs, rhs, 1e-3 * Math.max(1, Math.abs(lhs)), "<im2col x, c> = <x, col2im c>");
  }

  // ---------------------------------------------------------------- whole convolution layers

  /** y, dWeight, dBias and dx of a convolution in double precision, by the definition. */
  private static double[][] referenceConv(ConvGeometry g, int out, float[] x, float[] w, float[] bias, float[] dy) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int c = g.channels();
    double[] y = new double[g.batch() * out * oh * ow];
    double[] dw = new double[w.length];
    double[] db = new double[out];
    double[] dx = new double[x.length];
    for (int n = 0; n < g.batch(); n++) {
      for (int o = 0; o < out; o++) {
        for (int r = 0; r < oh; r++) {
          for (int q = 0; q < ow; q++) {
            int yi = ((n * out + o) * oh + r) * ow + q;
            double s = bias == null ? 0 : bias[o];
            double d = dy[yi];
            db[o] += d;
            for (int ch = 0; ch < c; ch++) {
              for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++) {
                  int ih = r * g.stride() - g.padding() + ki;
                  int iw = q * g.stride() - g.padding() + kj;
                  if (ih < 0 || ih >= g.height() || iw < 0 || iw >= g.width()) {
                    continue;
                  }
                  int xi = ((n * c + ch) * g.height() + ih) * g.width() + iw;
                  int wi = ((o * c + ch) * kh + ki) * kw + kj;
                  s += (double) x[xi] * w[wi];
                  dw[wi] += d * x[xi];
                  dx[xi] += d * w[wi];
                }
              }
            }
            y[yi] = s;
          }
        }
      }
    }
    return new double[][] {y, dw, db, dx};
  }

  /**
   * Geometries that reach every path of every backend: few and many channels (the CPU backend
   * convolves stride 1 with at least 16 channels by shifted GEMMs, other cases by unfolding),
   * strides 1 and 2, 1×1 and 5×5 kernels, a non-square kernel, padding larger than the kernel
   * allows for a transposed convolution, and batches that split unevenly into gradient groups.
   */
  @ParameterizedTest(name = "batch={0} C={1} {2}x{3} k={4}x{5} stride={6} pad={7} out={8}")
  @org.junit.jupiter.params.provider.CsvSource({
      "3,4,9,8,3,3,1,1,5", "2,16,7,6,3,3,1,1,16", "2,17,6,7,3,3,1,0,18", "2,16,9,8,3,3,2,1,16",
      "2,16,5,5,1,1,1,0,20", "3,5,7,7,5,5,1,2,16", "17,2,5,5,3,3,1,1,3", "2,3,6,6,3,3,1,3,16",
      "2,16,6,7,3,2,1,1,16", "1,20,4,4,3,3,1,1,1", "2,16,7,7,1,1,2,0,16"})
  void convLayerForwardAndBackwardMatchReference(
      int batch, int c, int h, int w, int kh, int kw, int stride, int pad, int out) {
    ConvGeometry g = new ConvGeometry(batch, c, h, w, kh, kw, stride, pad);
    float[] x = random(batch * g.inputSize());
    float[] wt = random(out * g.colRows());
    float[] bias = random(out);
    float[] dy = random(batch * out * g.outPixels());
    double[][] ref = referenceConv(g, out, x, wt, bias, dy);
    DeviceTensor tx = backend.upload(x, batch, c, h, w);
    DeviceTensor tw = backend.upload(wt, out, c, kh, kw);
    DeviceTensor tb = backend.upload(bias, out);
    DeviceTensor y = backend.allocate(batch, out, g.outHeight(), g.outWidth());
    DeviceTensor dw = backend.allocate(out, c, kh, kw);
    DeviceTensor db = backend.allocate(out);
    DeviceTensor dx = backend.allocate(batch, c, h, w);
    for (DeviceTensor t : new DeviceTensor[] {y, dw, db, dx}) {
      backend.fill(t, Float.NaN); // outputs are overwritten, never accumulated into
    }
    try (ConvScratch scratch = backend.convScratch(g, out)) {
      backend.conv2dForward(tx, g, tw, out, tb, y, scratch);
      close(ref[0], backend.download(y), 1e-4, "conv output");
      backend.conv2dBackward(tx, backend.upload(dy, dy.length), g, tw, out, dw, db, dx, scratch);
      close(ref[1], backend.download(dw), 1e-4, "conv weight gradient");
      close(ref[2], backend.download(db), 1e-4, "conv bias gradient");
      close(ref[3], backend.download(dx), 1e-4, "conv input gradient");

      // Without bias and without input gradient (a network's first layer): the rest is unchanged.
      float[] dxBefore = backend.download(dx);
      backend.conv2dForward(tx, g, tw, out, null, y, scratch);
      float[] noBias = backend.download(y);
      double[] refNoBias = ref[0].clone();
      for (int i = 0; i < refNoBias.length; i++) {
        refNoBias[i] -= bias[(i / g.outPixels()) % out];
      }
      close(refNoBias, noBias, 1e-4, "conv output without bias");
      backend.fill(dw, Float.NaN);
      backend.conv2dBackward(tx, backend.upload(dy, dy.length), g, tw, out, dw, null, null, scratch);
      close(ref[1], backend.download(dw), 1e-4, "conv weight gradient without input gradient");
      assertArrayEquals(dxBefore, backend.download(dx), "dx untouched when not requested");
    }
  }

  @Test
  void convLayerRejectsScratchOfAnotherGeometry() {
    ConvGeometry g = new ConvGeometry(2, 3, 6, 6, 3, 3, 1, 1);
    try (ConvScratch scratch = backend.convScratch(g.withBatch(3), 4)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> backend.conv2dForward(backend.allocate(2 * g.inputSize()), g, backend.allocate(4 * g.colRows()), 4, null,
              backend.allocate(2 * 4 * g.outPixels()), scratch));
      assertTrue(e.getMessage().contains("scratch"), e.getMessage());
    }
    try (ConvScratch scratch = backend.convScratch(g, 4)) {
      assertThrows(IllegalArgumentException.class,
          () -> backend.conv2dForward(backend.allocate(2 * g.inputSize()), g, backend.allocate(4 * g.colRows()), 4, null,
              backend.allocate(10), scratch));
    }
  }

  @Test
  void channelOpsMatchReference() {
    int outer = 3;
    int ch = 5;
    int inner = 11;
    int n = outer * ch * inner;
    float[] x = random(n);
    float[] y = random(n);
    float[] bias = random(ch);
    DeviceTensor tx = backend.upload(x, n);
    DeviceTensor tb = backend.upload(bias, ch);
    DeviceTensor out = backend.allocate(n);
    backend.copy(tx, out);
    backend.addChannelBias(out, tb, outer, ch, inner);
    float[] biased = backend.download(out);
    backend.scaleChannels(tx, tb, outer, ch, inner, out);
    float[] scaled = backend.download(out);
    DeviceTensor sum = backend.allocate(ch);
    backend.channelSum(tx, outer, ch, inner, sum);
    DeviceTensor dot = backend.allocate(ch);
    backend.channelDot(tx, backend.upload(y, n), outer, ch, inner, dot);
    double[] es = new double[ch];
    double[] ed = new double[ch];
    for (int o = 0; o < outer; o++) {
      for (int c = 0; c < ch; c++) {
        for (int i = 0; i < inner; i++) {
          int idx = (o * ch + c) * inner + i;
          assertEquals(x[idx] + bias[c], biased[idx]);
          assertEquals(x[idx] * bias[c], scaled[idx]);
          es[c] += x[idx];
          ed[c] += (double) x[idx] * y[idx];
        }
      }
    }
    close(es, backend.download(sum), 1e-5, "channelSum");
    close(ed, backend.download(dot), 1e-5, "channelDot");
  }

  // ---------------------------------------------------------------- batch norm

  @Test
  void batchNormMatchesReferenceForwardRunningStatsAndBackward() {
    int batch = 4;
    int ch = 3;
    int sp = 10;
    int n = batch * ch * sp;
    float[] x = random(n);
    float[] gamma = random(ch);
    float[] beta = random(ch);
    float[] rm = random(ch);
    float[] rv = {0.5f, 1.5f, 2f};
    float[] dy = random(n);
    DeviceTensor tx = backend.upload(x, n);
    DeviceTensor tg = backend.upload(gamma, ch);
    DeviceTensor trm = backend.upload(rm, ch);
    DeviceTensor trv = backend.upload(rv, ch);
    DeviceTensor ty = backend.allocate(n);
    DeviceTensor sm = backend.allocate(ch);
    DeviceTensor si = backend.allocate(ch);
    float mom = 0.1f;
    float eps = 1e-5f;
    backend.batchNormTrainForward(tx, batch, ch, sp, tg, backend.upload(beta, ch), trm, trv, mom, eps, ty, sm, si);
    DeviceTensor dx = backend.allocate(n);
    DeviceTensor dg = backend.allocate(ch);
    DeviceTensor db = backend.allocate(ch);
    backend.batchNormBackward(tx, backend.upload(dy, n), batch, ch, sp, tg, sm, si, dx, dg, db);

    int m = batch * sp;
    double[] ey = new double[n];
    double[] edx = new double[n];
    double[] edg = new double[ch];
    double[] edb = new double[ch];
    double[] erm = new double[ch];
    double[] erv = new double[ch];
    for (int c = 0; c < ch; c++) {
      double mean = 0;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < sp; i++) {
          mean += x[(b * ch + c) * sp + i];
        }
      }
      mean /= m;
      double var = 0;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < sp; i++) {
          double d = x[(b * ch + c) * sp + i] - mean;
          var += d * d;
        }
      }
      var /= m;
      double inv = 1 / Math.sqrt(var + eps);
      erm[c] = (1 - mom) * rm[c] + mom * mean;
      erv[c] = (1 - mom) * rv[c] + mom * var * m / (m - 1);
      double sdy = 0;
      double sdyx = 0;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < sp; i++) {
          int idx = (b * ch + c) * sp + i;
          double xhat = (x[idx] - mean) * inv;
          ey[idx] = gamma[c] * xhat + beta[c];
          sdy += dy[idx];
          sdyx += dy[idx] * xhat;
        }
      }
      edb[c] = sdy;
      edg[c] = sdyx;
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < sp; i++) {
          int idx = (b * ch + c) * sp + i;
          double xhat = (x[idx] - mean) * inv;
          edx[idx] = gamma[c] * inv * (dy[idx] - sdy / m - xhat * sdyx / m);
        }
      }
    }
    close(ey, backend.download(ty), 1e-4, "bn y");
    close(erm, backend.download(trm), 1e-5, "running mean");
    close(erv, backend.download(trv), 1e-5, "running var");
    close(edx, backend.download(dx), 1e-4, "bn dx");
    close(edg, backend.download(dg), 1e-4, "bn dgamma");
    close(edb, backend.download(db), 1e-4, "bn dbeta");

    backend.batchNormInferenceForward(tx, batch, ch, sp, tg, backend.upload(beta, ch), trm, trv, eps, ty);
    float[] runM = backend.download(trm);
    float[] runV = backend.download(trv);
    float[] inf = backend.download(ty);
    for (int idx = 0; idx < n; idx++) {
      int c = (idx / sp) % ch;
      double e = gamma[c] * (x[idx] - runM[c]) / Math.sqrt(runV[c] + eps) + beta[c];
      assertEquals(e, inf[idx], 1e-4 * Math.max(1, Math.abs(e)), "bn inference");
    }
  }

  // ---------------------------------------------------------------- activations

  @ParameterizedTest
  @EnumSource(ActivationKind.class)
  void activationsMatchReferenceAndDerivativeFromOutput(ActivationKind kind) {
    int n = 1000;
    float[] x = random(n);
    x[0] = 0f;
    float slope = 0.2f;
    org.ltcheck.model.Activation ref = new org.ltcheck.model.Activation(kind, slope);
    DeviceTensor tx = backend.upload(x, n);
    DeviceTensor ty = backend.allocate(n);
    backend.activationForward(kind, slope, tx, ty);
    float[] dy = random(n);
    DeviceTensor tdy = backend.upload(dy, n);
    backend.activationBackward(kind, slope, ty, tdy, tdy); // in place
    float[] y = backend.download(ty);
    float[] dx = backend.download(tdy);
    for (int i = 0; i < n; i++) {
      assertEquals(ref.apply(x[i]), y[i], 1e-6, "forward " + kind + " at " + x[i]);
      double d = switch (kind) {
        case RELU -> x[i] > 0 ? 1 : 0;
        case LEAKY_RELU -> x[i] > 0 ? 1 : slope;
        case TANH -> 1 - Math.pow(Math.tanh(x[i]), 2);
        case SIGMOID -> ref.apply(x[i]) * (1 - ref.apply(x[i]));
        case IDENTITY -> 1;
      };
      assertEquals(d * dy[i], dx[i], 1e-5, "backward " + kind + " at " + x[i]);
    }
  }

  /** ReLU and leaky ReLU are exactly v > 0 ? v : slope*v, bit for bit, at zeros, infinities and NaN. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = ActivationKind.class, names = {"RELU", "LEAKY_RELU"})
  void piecewiseLinearActivationsAreExactAtSpecialValues(ActivationKind kind) {
    float[] x = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
        -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1.5f, -2.5f, Float.intBitsToFloat(0xffc00001)};
    float[] g = new float[x.length];
    java.util.Arrays.fill(g, -3f);
    g[0] = Float.NaN;
    float slope = kind == ActivationKind.RELU ? 0f : 0.25f;
    DeviceTensor y = backend.allocate(x.length);
    backend.activationForward(kind, slope, backend.upload(x, x.length), y);
    DeviceTensor dx = backend.allocate(x.length);
    backend.activationBackward(kind, slope, backend.upload(x, x.length), backend.upload(g, g.length), dx);
    float[] gotY = backend.download(y);
    float[] gotDx = backend.download(dx);
    for (int i = 0; i < x.length; i++) {
      float v = x[i];
      float ey = v > 0 ? v : (kind == ActivationKind.RELU ? 0f : slope * v);
      float ed = v > 0 ? g[i] : (kind == ActivationKind.RELU ? 0f : slope * g[i]);
      assertEquals(Float.floatToRawIntBits(ey), Float.floatToRawIntBits(gotY[i]), "forward at " + v);
      if (!Float.isNaN(ed) || !Float.isNaN(gotDx[i])) { // NaN payloads may differ
        assertEquals(Float.floatToRawIntBits(ed), Float.floatToRawIntBits(gotDx[i]), "backward at " + v);
      }
    }
  }

  // ---------------------------------------------------------------- pooling

  @Test
  void poolingMatchesReferenceAndBackwardIsAdjoint() {
    int planes = 6;
    int h = 7;
    int w = 6;
    int k = 2;
    int s = 2;
    int oh = 3;
    int ow = 3;
    float[] x = random(planes * h * w);
    DeviceTensor tx = backend.upload(x, x.length);
    DeviceTensor ty = backend.allocate(planes * oh * ow);
    backend.avgPoolForward(tx, planes, h, w, k, s, ty);
    float[] y = backend.download(ty);
    for (int p = 0; p < planes; p++) {
      for (int r = 0; r < oh; r++) {
        for (int q = 0; q < ow; q++) {
          double e = 0;
          for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
              e += x[(p * h + r * s + i) * w + q * s + j];
            }
          }
          assertEquals(e / (k * k), y[(p * oh + r) * ow + q], 1e-5);
        }
      }
    }
    float[] dy = random(y.length);
    DeviceTensor dx = backend.allocate(x.length);
    backend.avgPoolBackward(backend.upload(dy, dy.length), planes, h, w, k, s, dx);
    assertEquals(dot(y, dy), dot(x, backend.download(dx)), 1e-4, "avg-pool adjoint");

    DeviceTensor g = backend.allocate(planes);
    backend.globalAvgPoolForward(tx, planes, h * w, g);
    float[] gy = backend.download(g);
    for (int p = 0; p < planes; p++) {
      double e = 0;
      for (int i = 0; i < h * w; i++) {
        e += x[p * h * w + i];
      }
      assertEquals(e / (h * w), gy[p], 1e-5);
    }
    float[] gdy = random(planes);
    backend.globalAvgPoolBackward(backend.upload(gdy, planes), planes, h * w, dx);
    assertEquals(dot(gy, gdy), dot(x, backend.download(dx)), 1e-4, "global pool adjoint");
  }

  /**
   * Max pooling with and without padding, stride below, equal to and above the kernel, on odd
   * planes with ties and a NaN: forward against the reference loop bit for bit, backward the
   * sums of dy over the windows whose first maximum (PyTorch's argmax) each input is.
   */
  @Test
  void maxPoolingMatchesReferenceAndRoutesGradientsToTheArgmax() {
    int planes = 5;
    int h = 7;
    int w = 6;
    for (int[] g : new int[][] {{2, 2, 0}, {3, 2, 1}, {3, 1, 1}, {2, 3, 1}, {1, 1, 0}}) {
      int k = g[0];
      int s = g[1];
      int pad = g[2];
      int oh = (h + 2 * pad - k) / s + 1;
      int ow = (w + 2 * pad - k) / s + 1;
      float[] x = random(planes * h * w);
      for (int i = 0; i < x.length; i += 7) {
        x[i] = Math.round(x[i]); // ties
      }
      x[9] = Float.NaN;
      float[] dy = random(planes * oh * ow);
      DeviceTensor tx = backend.upload(x, x.length);
      DeviceTensor ty = backend.allocate(planes * oh * ow);
      backend.maxPoolForward(tx, planes, h, w, k, s, pad, ty);
      DeviceTensor dx = backend.allocate(x.length);
      backend.maxPoolBackward(tx, backend.upload(dy, dy.length), planes, h, w, k, s, pad, dx);
      float[] y = backend.download(ty);
      float[] gx = backend.download(dx);
      float[] ex = new float[x.length];
      for (int p = 0; p < planes; p++) {
        for (int r = 0; r < oh; r++) {
          for (int q = 0; q < ow; q++) {
            int best = -1;
            for (int i = Math.max(0, r * s - pad); i < Math.min(h, r * s - pad + k); i++) {
              for (int j = Math.max(0, q * s - pad); j < Math.min(w, q * s - pad + k); j++) {
                int idx = (p * h + i) * w + j;
                if (best < 0 || x[idx] > x[best] || Float.isNaN(x[idx])) {
                  best = idx;
                }
              }
            }
            int o = (p * oh + r) * ow + q;
            assertEquals(Float.floatToIntBits(x[best]), Float.floatToIntBits(y[o]), "max-pool " + k + "/" + s + "/" + pad);
            ex[best] += dy[o];
          }
        }
      }
      for (int i = 0; i < x.length; i++) {
        assertEquals(Float.floatToIntBits(ex[i]), Float.floatToIntBits(gx[i]), "max-pool gradient " + k + "/" + s + "/" + pad);
      }
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  // ---------------------------------------------------------------- loss

  @Test
  void softmaxCrossEntropyMatchesReferenceAndAccumulatesStatistics() {
    int batch = 9;
    int classes = 4;
    float[] logits = random(batch * classes);
    for (int j = 0; j < classes; j++) {
      logits[j] = 1000f * (j == 2 ? 1 : 0); // huge logits must not overflow
    }
    float[] labels = new float[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = rnd.nextInt(classes);
    }
    labels[0] = 2;
    DeviceTensor stats = backend.upload(new float[] {1f, 3f}, 2);
    DeviceTensor grad = backend.allocate(batch * classes);
    backend.softmaxCrossEntropy(backend.upload(logits, logits.length), backend.upload(labels, batch),
        batch, classes, grad, 1f / batch, stats);
    double loss = 0;
    int correct = 0;
    double[] eg = new double[batch * classes];
    for (int i = 0; i < batch; i++) {
      double max = Double.NEGATIVE_INFINITY;
      int arg = 0;
      for (int j = 0; j < classes; j++) {
        if (logits[i * classes + j] > max) {
          max = logits[i * classes + j];
          arg = j;
        }
      }
      double z = 0;
      for (int j = 0; j < classes; j++) {
        z += Math.exp(logits[i * classes + j] - max);
      }
      int label = (int) labels[i];
      loss += Math.log(z) - (logits[i * classes + label] - max);
      correct += arg == label ? 1 : 0;
      for (int j = 0; j < classes; j++) {
        eg[i * classes + j] = (Math.exp(logits[i * classes + j] - max) / z - (j == label ? 1 : 0)) / batch;
      }
    }
    float[] st = backend.download(stats);
    assertEquals(1 + loss, st[0], 1e-4);
    assertEquals(3 + correct, st[1]);
    close(eg, backend.download(grad), 1e-6, "loss gradient");
  }

  @Test
  void softmaxCrossEntropyRejectsLabelOutsideClasses() {
    DeviceTensor stats = backend.allocate(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        backend.softmaxCrossEntropy(backend.upload(new float[] {1, 2}, 1, 2), backend.upload(new float[] {2}, 1),
            1, 2, null, 1, stats));
    assertTrue(e.getMessage().contains("label 2.0"), e.getMessage());
  }

  // ---------------------------------------------------------------- optimisers

  @Test
  void sgdAndAdamMatchPyTorchFormulas() {
    int n = 50;
    float[] p = random(n);
    float[] g = random(n);
    float[] vel = random(n);
    DeviceTensor tp = backend.upload(p, n);
    DeviceTensor tv = backend.upload(vel, n);
    backend.sgdStep(tp, backend.upload(g, n), tv, 0.1f, 0.9f, 5e-4f);
    float[] np = backend.download(tp);
    float[] nv = backend.download(tv);
    for (int i = 0; i < n; i++) {
      double d = g[i] + 5e-4 * p[i];
      double v = 0.9 * vel[i] + d;
      assertEquals(v, nv[i], 1e-5);
      assertEquals(p[i] - 0.1 * v, np[i], 1e-5);
    }
    float[] m = random(n);
    float[] v2 = new float[n];
    for (int i = 0; i < n; i++) {
      v2[i] = Math.abs(random(1)[0]);
    }
    DeviceTensor ap = backend.upload(p, n);
    DeviceTensor am = backend.upload(m, n);
    DeviceTensor av = backend.upload(v2, n);
    backend.adamStep(ap, backend.upload(g, n), am, av, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-4f, 3);
    float[] pa = backend.download(ap);
    for (int i = 0; i < n; i++) {
      double d = g[i] + 1e-4 * p[i];
      double mi = 0.9 * m[i] + 0.1 * d;
      double vi = 0.999 * v2[i] + 0.001 * d * d;
      double bc1 = 1 - Math.pow(0.9, 3);
      double bc2 = 1 - Math.pow(0.999, 3);
      double e = p[i] - 1e-3 / bc1 * mi / (Math.sqrt(vi) / Math.sqrt(bc2) + 1e-8);
      assertEquals(e, pa[i], 1e-5);
    }
  }

  // ---------------------------------------------------------------- argument checks

  @Test
  void rejectsTooSmallBuffersNamingTheSizes() {
    ConvGeometry g = new ConvGeometry(2, 1, 4, 4, 3, 3, 1, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> backend.im2col(backend.allocate(32), g, backend.allocate(10)));
    assertTrue(e.getMessage().contains("10") && e.getMessage().contains("288"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> backend.add(backend.allocate(3), backend.allocate(4), backend.allocate(3)));
  }

  @Test
  void closedTensorCannotBeUsed() {
    DeviceTensor t = backend.allocate(4);
    t.close();
    t.close();
    assertThrows(IllegalStateException.class, () -> backend.download(t));
  }
}
