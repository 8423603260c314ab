package org.ltcheck.gpu.backend.cuda;

import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;


/**
 * Whether CUDA can run in this process, and why not: the JCuda native library must load (it
 * links libcuda.so.1, which only a machine with the NVIDIA driver has), cuInit must succeed and
 * at least one device must be visible.
 *
 * @param available whether {@link CudaBackend#create()} can be expected to succeed
 * @param reason what failed, or a description of device 0 when available
 * @param deviceCount visible devices (0 when unavailable)
 */
public record CudaProbe(boolean available, String reason, int deviceCount) {
  /**
   * Loads the JCuda native library, runs cuInit and counts devices, once per JVM (the answer
   * cannot change while the process runs, and a failed native load cannot be retried).
   */
  static CudaProbe once() {
    return ProbeHolder.RESULT;
  }

  /** Lazy holder: the probe runs on first use, and its immutable result is shared. */
  private static final class ProbeHolder {
    static final CudaProbe RESULT = runProbe();
  }

  private static CudaProbe runProbe() {
    try {
      JCudaDriver.setExceptionsEnabled(true);
      JCudaDriver.cuInit(0);
      int[] count = new int[1];
      JCudaDriver.cuDeviceGetCount(count);
      if (count[0] < 1) {
        return new CudaProbe(false, "cuInit succeeded but no CUDA device is visible", 0);
      }
      CUdevice d = new CUdevice();
      JCudaDriver.cuDeviceGet(d, 0);
      return new CudaProbe(true, count[0] + " device(s); device 0: " + JCudaDevice.describe(d), count[0]);
    } catch (LinkageError e) {
      // UnsatisfiedLinkError: JCuda's native library or libcuda.so.1 (the driver) is missing.
      return new CudaProbe(false, "JCuda's driver library does not load (" + loadFailure(e)
          + "); a machine with the NVIDIA driver is needed", 0);
    } catch (CudaException e) {
      return new CudaProbe(false, "cuInit failed: " + e.getMessage(), 0);
    }
  }

  /**
   * The one informative line of a native-library load failure. JCuda's message spans dozens of
   * lines (both load attempts with stack traces); the line that names the missing shared object,
   * typically "libcuda.so.1: cannot open shared object file", is the one a user needs.
   */
  static String loadFailure(Throwable e) {
    String message = String.valueOf(e.getMessage());
    String[] lines = message.split("\\R");
    String pick = lines[0];
    for (String line : lines) {
      if (line.contains("cannot open shared object file")) {
        pick = line;
        break;
      }
    }
    int colon = pick.indexOf("UnsatisfiedLinkError: ");
    String text = colon >= 0 ? pick.substring(colon + "UnsatisfiedLinkError: ".length()) : pick;
    return e.getClass().getSimpleName() + ": " + text.strip();
  }
}

