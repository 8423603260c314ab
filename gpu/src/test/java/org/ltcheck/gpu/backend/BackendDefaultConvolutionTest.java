package org.ltcheck.gpu.backend;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.ltcheck.gpu.backend.cpu.CpuBackend;
import org.ltcheck.gpu.backend.cpu.GemmKind;

/**
 * The backend contract with convolution layers on {@link Backend}'s default path (im2col of the
 * whole batch, one GEMM, an axis swap: what the CUDA backend runs), so that path is checked on
 * every machine, not only where a GPU is present. Every other operation goes to a CPU backend;
 * a proxy keeps the three convolution methods on their interface defaults.
 */
class BackendDefaultConvolutionTest extends AbstractBackendTest {
  private static final Set<String> DEFAULTS = Set.of("convScratch", "conv2dForward", "conv2dBackward");

  @Override
  protected Backend createBackend() {
    CpuBackend cpu = CpuBackend.create(2, GemmKind.JAVA);
    InvocationHandler handler = (proxy, method, args) -> {
      if (DEFAULTS.contains(method.getName())) {
        return InvocationHandler.invokeDefault(proxy, method, args);
      }
      return delegate(cpu, method, args);
    };
    return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, handler);
  }

  private static Object delegate(CpuBackend cpu, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(cpu, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
