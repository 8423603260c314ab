package org.ltcheck.gpu.backend.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jcuda.driver.CUdeviceptr;

/**
 * The parameter lists of the PTX entry points, read from the PTX text itself.
 *
 * <p>Why: cuLaunchKernel copies whatever bytes it is given, so an argument list that does not
 * match the kernel (a missing int, a long where an int belongs) corrupts the launch silently.
 * {@link CudaBackend} checks each launch against these signatures and fails with the kernel's
 * name instead, and tests without a GPU check that the PTX defines every {@link Kernel}.
 */
final class KernelSignatures {
  /** A PTX parameter type as the launch must supply it. */
  enum Param {
    /** .u64: a device pointer. */
    POINTER,
    /** .u32 or .s32: a Java int. */
    INT,
    /** .f32: a Java float. */
    FLOAT;

    static Param of(String ptxType) {
      return switch (ptxType) {
        case "u64", "b64", "s64" -> POINTER;
        case "u32", "s32", "b32" -> INT;
        case "f32" -> FLOAT;
        default -> throw new IllegalArgumentException("unsupported PTX parameter type ." + ptxType);
      };
    }

    /** Whether a launch argument (a CUdeviceptr or null, an Integer, a Float) fits this type. */
    boolean accepts(Object arg) {
      return switch (this) {
        case POINTER -> arg == null || arg instanceof CUdeviceptr;
        case INT -> arg instanceof Integer;
        case FLOAT -> arg instanceof Float;
      };
    }
  }

  private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)");
  private static final Pattern PARAM = Pattern.compile("\\.param\\s+\\.(\\w+)\\s+\\w+");

  private KernelSignatures() {}

  /** Entry name to parameter types, for every .entry in the PTX. */
  static Map<String, List<Param>> parse(String ptx) {
    Map<String, List<Param>> out = new HashMap<>();
    Matcher e = ENTRY.matcher(ptx);
    while (e.find()) {
      List<Param> params = new ArrayList<>();
      Matcher p = PARAM.matcher(e.group(2));
      while (p.find()) {
        params.add(Param.of(p.group(1)));
      }
      out.put(e.group(1), List.copyOf(params));
    }
    return out;
  }

  /** Throws IllegalStateException naming the kernel unless {@code args} match {@code params}. */
  static void check(Kernel kernel, List<Param> params, Object[] args) {
    boolean ok = params.size() == args.length;
    for (int i = 0; ok && i < args.length; i++) {
      ok = params.get(i).accepts(args[i]);
    }
    if (!ok) {
      List<String> got = new ArrayList<>();
      for (Object a : args) {
        got.add(a == null ? "null" : a.getClass().getSimpleName());
      }
      throw new IllegalStateException(
          "launch of " + kernel.symbol() + " with arguments " + got + " does not match its PTX parameters " + params);
    }
  }
}
