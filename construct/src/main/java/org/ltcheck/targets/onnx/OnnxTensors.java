package org.ltcheck.targets.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorProto;
import org.ltcheck.targets.onnx.proto.OnnxProto.TensorProto.DataType;
import org.ltcheck.tensor.FloatTensor;

/**
 * The values of an ONNX tensor (an initializer or a Constant's value): float32 or float64 as a
 * {@link FloatTensor}, int64 or int32 as longs, from {@code raw_data} (little-endian) or the typed
 * fields. Every problem names the file and the tensor.
 */
final class OnnxTensors {
  private OnnxTensors() {}

  static int[] shape(String where, TensorProto t) throws OnnxFormatException {
    int[] shape = new int[t.getDimsCount()];
    for (int k = 0; k < shape.length; k++) {
      long d = t.getDims(k);
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new OnnxFormatException(where + " has dimension " + d + " in shape " + t.getDimsList());
      }
      shape[k] = (int) d;
    }
    return shape;
  }

  /** A float tensor: FLOAT or DOUBLE, finite. */
  static FloatTensor floats(String where, TensorProto t) throws OnnxFormatException {
    int[] shape = shape(where, t);
    int n = count(where, t, shape);
    float[] v = new float[n];
    boolean raw = !t.getRawData().isEmpty();
    if (t.getDataType() == DataType.FLOAT_VALUE) {
      if (raw) {
        buffer(where, t, n, Float.BYTES).asFloatBuffer().get(v);
      } else {
        requireCount(where, t.getFloatDataCount(), n);
        for (int i = 0; i < n; i++) {
          v[i] = t.getFloatData(i);
        }
      }
    } else if (t.getDataType() == DataType.DOUBLE_VALUE) {
      if (raw) {
        ByteBuffer b = buffer(where, t, n, Double.BYTES);
        for (int i = 0; i < n; i++) {
          v[i] = (float) b.getDouble();
        }
      } else {
        requireCount(where, t.getDoubleDataCount(), n);
        for (int i = 0; i < n; i++) {
          v[i] = (float) t.getDoubleData(i);
        }
      }
    } else {
      throw new OnnxFormatException(where + " has data type " + typeName(t) + ", expected FLOAT or DOUBLE");
    }
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(v[i])) {
        throw new OnnxFormatException(where + " has non-finite value " + v[i] + " at flat index " + i);
      }
    }
    return FloatTensor.wrap(v, shape);
  }

  /** An integer tensor (INT64 or INT32), flattened. */
  static long[] ints(String where, TensorProto t) throws OnnxFormatException {
    int n = count(where, t, shape(where, t));
    long[] v = new long[n];
    boolean raw = !t.getRawData().isEmpty();
    if (t.getDataType() == DataType.INT64_VALUE) {
      if (raw) {
        buffer(where, t, n, Long.BYTES).asLongBuffer().get(v);
      } else {
        requireCount(where, t.getInt64DataCount(), n);
        for (int i = 0; i < n; i++) {
          v[i] = t.getInt64Data(i);
        }
      }
    } else if (t.getDataType() == DataType.INT32_VALUE) {
      if (raw) {
        ByteBuffer b = buffer(where, t, n, Integer.BYTES);
        for (int i = 0; i < n; i++) {
          v[i] = b.getInt();
        }
      } else {
        requireCount(where, t.getInt32DataCount(), n);
        for (int i = 0; i < n; i++) {
          v[i] = t.getInt32Data(i);
        }
      }
    } else {
      throw new OnnxFormatException(where + " has data type " + typeName(t) + ", expected INT64 or INT32");
    }
    return v;
  }

  static boolean isInteger(TensorProto t) {
    return t.getDataType() == DataType.INT64_VALUE || t.getDataType() == DataType.INT32_VALUE;
  }

  private static int count(String where, TensorProto t, int[] shape) throws OnnxFormatException {
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxFormatException(where + " keeps its data in an external file, which ltcheck does not read"
          + " (save the model with its weights inside the .onnx file)");
    }
    long n = 1;
    for (int d : shape) {
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new OnnxFormatException(where + " of shape " + Arrays.toString(shape) + " is too large");
      }
    }
    return (int) n;
  }

  private static ByteBuffer buffer(String where, TensorProto t, int n, int bytes) throws OnnxFormatException {
    if (t.getRawData().size() != (long) n * bytes) {
      throw new OnnxFormatException(where + " has " + t.getRawData().size() + " bytes of raw data for " + n
          + " values of " + bytes + " bytes");
    }
    return t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void requireCount(String where, int has, int n) throws OnnxFormatException {
    if (has != n) {
      throw new OnnxFormatException(where + " has " + has + " values for a shape of " + n);
    }
  }

  private static String typeName(TensorProto t) {
    DataType d = DataType.forNumber(t.getDataType());
    return d == null ? String.valueOf(t.getDataType()) : d.name();
  }
}
