package org.ltcheck.gpu.backend.cuda;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import org.ltcheck.gpu.backend.BackendUnavailableException;

/**
 * {@link DeviceApi} on JCuda's driver API: one context per instance on the chosen device, the
 * kernels' PTX loaded into it once (the driver JIT-compiles it for the GPU and caches the
 * result). Every call first makes the context current on the calling thread, so the owning
 * backend may move between threads. Errors surface as {@link CudaException}
 * ({@code setExceptionsEnabled(true)}, set by {@link CudaBackend#probe()}).
 */
final class JCudaDevice implements DeviceApi {
  private final CUcontext context;
  private final CUmodule module;
  private final Map<Kernel, CUfunction> functions;
  private final String name;
  private final int smCount;

  JCudaDevice(int ordinal, String ptx) {
    CUdevice device = new CUdevice();
    JCudaDriver.cuDeviceGet(device, ordinal);
    this.name = describe(device);
    int[] sms = new int[1];
    JCudaDriver.cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device);
    this.smCount = sms[0];
    this.context = new CUcontext();
    JCudaDriver.cuCtxCreate(context, 0, device);
    try {
      this.module = new CUmodule();
      try {
        JCudaDriver.cuModuleLoadData(module, PtxResource.image(ptx));
      } catch (CudaException e) {
        throw new BackendUnavailableException("no CUDA device: the driver cannot load the kernels' PTX (ISA 9.0, compute_80; "
            + "needs a driver for CUDA 13.0 or newer and a GPU of compute capability 8.0 or newer): "
            + e.getMessage(), e);
      }
      Map<Kernel, CUfunction> fs = new EnumMap<>(Kernel.class);
      for (Kernel k : Kernel.values()) {
        CUfunction f = new CUfunction();
        JCudaDriver.cuModuleGetFunction(f, module, k.symbol());
        fs.put(k, f);
      }
      this.functions = Collections.unmodifiableMap(fs);
    } catch (RuntimeException e) {
      JCudaDriver.cuCtxDestroy(context);
      throw e;
    }
  }

  /** Name, compute capability and driver version of a device, for logs and probe messages. */
  static String describe(CUdevice d) {
    byte[] name = new byte[256];
    JCudaDriver.cuDeviceGetName(name, name.length, d);
    int len = 0;
    while (len < name.length && name[len] != 0) {
      len++;
    }
    int[] major = new int[1];
    int[] minor = new int[1];
    JCudaDriver.cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, d);
    JCudaDriver.cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, d);
    int[] driver = new int[1];
    JCudaDriver.cuDriverGetVersion(driver);
    return new String(name, 0, len, StandardCharsets.US_ASCII) + ", sm_" + major[0] + minor[0]
        + ", driver CUDA " + driver[0] / 1000 + "." + (driver[0] % 1000) / 10;
  }

  private void bind() {
    JCudaDriver.cuCtxSetCurrent(context);
  }

  @Override
  public String deviceName() {
    return name;
  }

  @Override
  public int smCount() {
    return smCount;
  }

  @Override
  public CUdeviceptr allocate(long bytes) {
    bind();
    CUdeviceptr p = new CUdeviceptr();
    JCudaDriver.cuMemAlloc(p, bytes);
    return p;
  }

  @Override
  public void free(CUdeviceptr p) {
    bind();
    JCudaDriver.cuMemFree(p);
  }

  @Override
  public void memsetD32(CUdeviceptr p, int value, long count) {
    bind();
    JCudaDriver.cuMemsetD32(p, value, count);
  }

  @Override
  public void copyHtoD(CUdeviceptr dst, float[] src, int srcOffset, int length) {
    bind();
    JCudaDriver.cuMemcpyHtoD(dst, Pointer.to(src).withByteOffset(4L * srcOffset), 4L * length);
  }

  @Override
  public void copyDtoH(float[] dst, int dstOffset, CUdeviceptr src, int length) {
    bind();
    JCudaDriver.cuMemcpyDtoH(Pointer.to(dst).withByteOffset(4L * dstOffset), src, 4L * length);
  }

  @Override
  public int readInt(CUdeviceptr src) {
    bind();
    int[] v = new int[1];
    JCudaDriver.cuMemcpyDtoH(Pointer.to(v), src, 4);
    return v[0];
  }

  @Override
  public void copyDtoD(CUdeviceptr dst, CUdeviceptr src, long bytes) {
    bind();
    JCudaDriver.cuMemcpyDtoD(dst, src, bytes);
  }

  @Override
  public void launch(Kernel kernel, int gridX, int gridY, int gridZ, int block, Object[] args) {
    NativePointerObject[] params = new NativePointerObject[args.length];
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        params[i] = Pointer.to(new CUdeviceptr()); // a null device pointer
      } else if (a instanceof CUdeviceptr p) {
        params[i] = Pointer.to(p);
      } else if (a instanceof Integer v) {
        params[i] = Pointer.to(new int[] {v});
      } else {
        params[i] = Pointer.to(new float[] {(Float) a}); // the signature check admits only Float here
      }
    }
    bind();
    JCudaDriver.cuLaunchKernel(functions.get(kernel), gridX, gridY, gridZ, block, 1, 1, 0, null,
        Pointer.to(params), null);
  }

  @Override
  public void synchronize() {
    bind();
    JCudaDriver.cuCtxSynchronize();
  }

  @Override
  public void close() {
    bind();
    try {
      JCudaDriver.cuModuleUnload(module);
    } finally {
      JCudaDriver.cuCtxDestroy(context);
    }
  }
}
