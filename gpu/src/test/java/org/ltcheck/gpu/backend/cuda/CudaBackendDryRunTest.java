package org.ltcheck.gpu.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;
import org.ltcheck.gpu.backend.ConvGeometry;
import org.ltcheck.gpu.backend.DeviceTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * Drives every {@link CudaBackend} operation against a recording {@link DeviceApi}, on any
 * machine: each launch must pass the backend's own checks against the committed PTX's parameter
 * lists and CUDA's grid limits, every kernel must be reachable, the label check must turn a bad
 * row into an exception, and close() must free every allocation. The kernels' arithmetic is
 * covered by CudaBackendTest on a GPU; this covers the host code that feeds them.
 */
class CudaBackendDryRunTest {

  /** Counts allocations and records launches; reads return zeros, the label flag "no bad row". */
  private static final class RecordingDevice implements DeviceApi {
    final Map<CUdeviceptr, Long> allocated = new IdentityHashMap<>();
    final List<Kernel> launched = new ArrayList<>();
    final List<int[]> grids = new ArrayList<>();
    int badRow = Integer.MAX_VALUE;
    boolean closed;

    @Override
    public String deviceName() {
      return "recording device";
    }

    @Override
    public int smCount() {
      return 132;
    }

    @Override
    public CUdeviceptr allocate(long bytes) {
      assertTrue(bytes > 0, "cuMemAlloc rejects 0 bytes");
      CUdeviceptr p = new CUdeviceptr();
      allocated.put(p, bytes);
      return p;
    }

    @Override
    public void free(CUdeviceptr p) {
      assertTrue(allocated.remove(p) != null, "free of an unknown or already freed pointer");
    }

    @Override
    public void memsetD32(CUdeviceptr p, int value, long count) {}

    @Override
    public void copyHtoD(CUdeviceptr dst, float[] src, int srcOffset, int length) {}

    @Override
    public void copyDtoH(float[] dst, int dstOffset, CUdeviceptr src, int length) {}

    @Override
    public int readInt(CUdeviceptr src) {
      return badRow;
    }

    @Override
    public void copyDtoD(CUdeviceptr dst, CUdeviceptr src, long bytes) {}

    @Override
    public void launch(Kernel kernel, int gridX, int gridY, int gridZ, int block, Object[] args) {
      launched.add(kernel);
      grids.add(new int[] {gridX, gridY, gridZ, block});
    }

    @Override
    public void synchronize() {}

    @Override
    public void close() {
      closed = true;
    }
  }

  private static void everyOperation(CudaBackend b) {
    DeviceTensor x = b.allocate(4, 3, 9, 8);
    DeviceTensor y = b.allocate(4, 3, 9, 8);
    int n = 4 * 3 * 9 * 8;
    b.copyFromHost(new float[n], 0, x, 0, n);
    b.fill(y, 1f);
    b.copy(x, y);
    b.scale(y, 2f);
    b.add(x, y, y);
    b.axpy(0.5f, x, y);
    b.multiply(y, x);
    b.swapAxes(x, 4, 3, 72, y);
    ConvGeometry g = new ConvGeometry(4, 3, 9, 8, 3, 3, 2, 1);
    DeviceTensor cols = b.allocate(g.colRows(), g.colCols());
    b.im2col(x, g, cols);
    b.col2im(cols, g, x);
    DeviceTensor bias = b.allocate(3);
    b.addChannelBias(y, bias, 4, 3, 72);
    b.scaleChannels(x, bias, 4, 3, 72, y);
    b.channelSum(x, 4, 3, 72, bias);
    b.channelDot(x, y, 4, 3, 72, bias);
    DeviceTensor gamma = b.allocate(3);
    DeviceTensor beta = b.allocate(3);
    DeviceTensor rm = b.allocate(3);
    DeviceTensor rv = b.allocate(3);
    DeviceTensor sm = b.allocate(3);
    DeviceTensor si = b.allocate(3);
    b.batchNormTrainForward(x, 4, 3, 72, gamma, beta, rm, rv, 0.1f, 1e-5f, y, sm, si);
    b.batchNormInferenceForward(x, 4, 3, 72, gamma, beta, rm, rv, 1e-5f, y);
    b.batchNormBackward(x, y, 4, 3, 72, gamma, sm, si, y, beta, rm);
    for (ActivationKind k : ActivationKind.values()) {
      b.activationForward(k, 0.1f, x, y);
      b.activationBackward(k, 0.1f, y, x, x);
    }
    DeviceTensor pooled = b.allocate(12, 4, 4);
    b.avgPoolForward(x, 12, 9, 8, 2, 2, pooled);
    b.avgPoolBackward(pooled, 12, 9, 8, 2, 2, x);
    DeviceTensor maxPooled = b.allocate(12, 5, 4);
    b.maxPoolForward(x, 12, 9, 8, 3, 2, 1, maxPooled);
    b.maxPoolBackward(x, maxPooled, 12, 9, 8, 3, 2, 1, y);
    DeviceTensor gp = b.allocate(12);
    b.globalAvgPoolForward(x, 12, 72, gp);
    b.globalAvgPoolBackward(gp, 12, 72, x);
    DeviceTensor logits = b.allocate(6, 10);
    DeviceTensor labels = b.allocate(6);
    DeviceTensor stats = b.allocate(2);
    b.softmaxCrossEntropy(logits, labels, 6, 10, b.allocate(6, 10), 1f / 6, stats);
    b.softmaxCrossEntropy(logits, labels, 6, 10, null, 1f, stats);
    b.sgdStep(x, y, b.allocate(n), 0.1f, 0.9f, 1e-4f);
    b.adamStep(x, y, b.allocate(n), b.allocate(n), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 1);
    // GEMMs: square tiles, wide tiles, tall tiles with split-K, long k with split-K, offsets
    DeviceTensor big = b.allocate(32 * 12544 + 10);
    DeviceTensor w = b.allocate(32 * 288);
    DeviceTensor c = b.allocate(288 * 12544);
    b.sgemm(false, false, 32, 12544, 288, 1f, w, 0, 288, c, 0, 12544, 0f, big, 0, 12544);
    b.sgemm(false, true, 32, 288, 12544, 1f, big, 0, 12544, c, 0, 12544, 0f, w, 0, 288);
    b.sgemm(false, true, 128, 10, 2500, 1f, c, 0, 2500, c, 0, 2500, 0.5f, big, 10, 10);
    b.sgemm(true, true, 100, 100, 100, 1f, c, 3, 100, c, 5, 100, 0f, big, 7, 100);
    b.synchronize();
  }

  @Test
  void everyOperationLaunchesValidKernelsAndCloseFreesAll() {
    RecordingDevice dev = new RecordingDevice();
    CudaBackend b = new CudaBackend(dev, PtxResource.text());
    everyOperation(b); // CudaBackend.launch checks each launch's arguments and grid
    Set<Kernel> used = EnumSet.copyOf(dev.launched);
    assertEquals(EnumSet.allOf(Kernel.class), used, "kernels never launched");
    for (int[] grid : dev.grids) {
      assertTrue(grid[0] >= 1 && grid[1] >= 1 && grid[2] >= 1 && grid[3] % 32 == 0, java.util.Arrays.toString(grid));
    }
    assertTrue(b.allocatedBytes() > 0);
    b.close();
    assertEquals(Map.of(), dev.allocated, "close() frees every tensor and scratch buffer");
    assertTrue(dev.closed);
    b.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> b.allocate(3));
  }

  @Test
  void closedTensorIsFreedOnceAndScratchGrowsOnlyWhenNeeded() {
    RecordingDevice dev = new RecordingDevice();
    try (CudaBackend b = new CudaBackend(dev, PtxResource.text())) {
      DeviceTensor t = b.allocate(10);
      t.close();
      t.close();
      assertEquals(0, dev.allocated.size());
      DeviceTensor logits = b.allocate(6, 10);
      DeviceTensor labels = b.allocate(6);
      DeviceTensor stats = b.allocate(2);
      b.softmaxCrossEntropy(logits, labels, 6, 10, null, 1f, stats);
      int after = dev.allocated.size();
      b.softmaxCrossEntropy(logits, labels, 6, 10, null, 1f, stats);
      assertEquals(after, dev.allocated.size(), "scratch buffers are reused");
    }
  }

  @Test
  void badLabelRowReportedByTheDeviceThrowsNamingRowAndLabel() {
    RecordingDevice dev = new RecordingDevice();
    dev.badRow = 4;
    try (CudaBackend b = new CudaBackend(dev, PtxResource.text())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
          b.softmaxCrossEntropy(b.allocate(6, 10), b.allocate(6), 6, 10, null, 1f, b.allocate(2)));
      assertTrue(e.getMessage().contains("of row 4 is not a class in [0, 10)"), e.getMessage());
    }
  }

  @Test
  void foreignAndTooSmallTensorsAreRejectedBeforeAnyLaunch() {
    RecordingDevice dev = new RecordingDevice();
    try (CudaBackend b = new CudaBackend(dev, PtxResource.text());
        CudaBackend other = new CudaBackend(new RecordingDevice(), PtxResource.text())) {
      DeviceTensor foreign = other.allocate(3);
      assertThrows(IllegalArgumentException.class, () -> b.fill(foreign, 1f));
      ConvGeometry g = new ConvGeometry(2, 1, 4, 4, 3, 3, 1, 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> b.im2col(b.allocate(32), g, b.allocate(10)));
      assertTrue(e.getMessage().contains("10") && e.getMessage().contains("288"), e.getMessage());
      assertEquals(List.of(), dev.launched);
    }
  }
}
