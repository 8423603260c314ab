package org.ltcheck.gpu.backend;

import java.util.Arrays;
import java.util.Objects;
import org.ltcheck.tensor.FloatTensor;

/**
 * What every backend's tensor shares: its shape and owner, the checks an operation makes on its
 * operands, and failing loudly when used after {@link #close()}. Not part of the public API: each
 * backend's tensor class extends it.
 *
 * @param <S> the backend's storage (a direct buffer, a device pointer)
 */
public abstract class AbstractDeviceTensor<S> implements DeviceTensor {
  private final Backend owner;
  private final int[] shape;
  private final int size;
  private volatile S storage;

  protected AbstractDeviceTensor(Backend owner, int[] shape, S storage) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.shape = shape.clone();
    this.size = checkedSize(shape);
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /** Element count of a shape, rejecting ones that do not fit an int-indexed buffer of floats. */
  public static int checkedSize(int[] shape) {
    long n = FloatTensor.numelOf(shape);
    if (n > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
    }
    return (int) n;
  }

  /**
   * Checks an operand of an operation of {@code backend}.
   *
   * @param needed elements the operation reads or writes
   * @param what how error messages name the operand
   * @return the operand, known to be one of {@code backend}'s tensors
   * @throws IllegalArgumentException if it belongs to another backend or is too small
   */
  public static AbstractDeviceTensor<?> checked(DeviceTensor t, Backend backend, long needed, String what) {
    Objects.requireNonNull(t, what);
    if (!(t instanceof AbstractDeviceTensor<?> a) || a.owner != backend) {
      throw new IllegalArgumentException(what + " (" + t + ") does not belong to backend " + backend.name());
    }
    if (t.size() < needed) {
      throw new IllegalArgumentException(what + " has " + t.size() + " elements but " + needed + " are needed");
    }
    return a;
  }

  /** Checks that {@code t} has as many elements as {@code ref}. */
  public static void checkSameSize(DeviceTensor t, DeviceTensor ref, String what) {
    if (t.size() != ref.size()) {
      throw new IllegalArgumentException(what + " has " + t.size() + " elements, expected " + ref.size());
    }
  }

  @Override
  public final int[] shape() {
    return shape.clone();
  }

  @Override
  public final int size() {
    return size;
  }

  @Override
  public final Backend backend() {
    return owner;
  }

  /** The storage; fails after {@link #close()}. */
  protected final S storage() {
    S s = storage;
    if (s == null) {
      throw new IllegalStateException("tensor " + Arrays.toString(shape) + " used after close()");
    }
    return s;
  }

  /** Forgets the storage and returns it (null if already forgotten); the caller frees it. */
  protected final synchronized S detachStorage() {
    S s = storage;
    storage = null;
    return s;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + Arrays.toString(shape);
  }
}
