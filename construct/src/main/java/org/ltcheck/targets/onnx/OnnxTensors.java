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
    if (t.getDataType() != DataType.FLOAT_VALUE && t.getDataType() != DataType.DOUBLE_VALUE) {
      throw new OnnxFormatException(where + " has data type " + typeName(t) + ", expected FLOAT or DOUBLE");
    }
    int[] shape = shape(where, t);
    int n = count(where, t, shape);
    boolean raw = !t.getRawData().isEmpty();
    requireData(where, t, n, raw);
    float[] v = new float[n];
    if (t.getDataType() == DataType.FLOAT_VALUE) {
      if (raw) {
        buffer(t).asFloatBuffer().get(v);
      } else {
        for (int i = 0; i < n; i++) {
          v[i] = t.getFloatData(i);
        }
      }
    } else if (raw) {
      ByteBuffer b = buffer(t);
      for (int i = 0; i < n; i++) {
        v[i] = (float) b.getDouble();
      }
    } else {
      for (int i = 0; i < n; i++) {
        v[i] = (float) t.getDoubleData(i);
      }
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
    if (!isInteger(t)) {
      throw new OnnxFormatException(where + " has data type " + typeName(t) + ", expected INT64 or INT32");
    }
    int n = count(where, t, shape(where, t));
    boolean raw = !t.getRawData().isEmpty();
    requireData(where, t, n, raw);
    long[] v = new long[n];
    if (t.getDataType() == DataType.INT64_VALUE) {
      if (raw) {
        buffer(t).asLongBuffer().get(v);
      } else {
        for (int i = 0; i < n; i++) {
          v[i] = t.getInt64Data(i);
        }
      }
    } else if (raw) {
      ByteBuffer b = buffer(t);
      for (int i = 0; i < n; i++) {
        v[i] = b.getInt();
      }
    } else {
      for (int i = 0; i < n; i++) {
        v[i] = t.getInt32Data(i);
      }
    }
    return v;
  }

  /** Checks that the data holds {@code n} values before an array of that size is allocated. */
  private static void requireData(String where, TensorProto t, int n, boolean raw) throws OnnxFormatException {
    int bytes = t.getDataType() == DataType.FLOAT_VALUE || t.getDataType() == DataType.INT32_VALUE ? 4 : 8;
    long has = raw ? t.getRawData().size() / bytes : switch (t.getDataType()) {
      case DataType.FLOAT_VALUE -> t.getFloatDataCount();
      case DataType.INT32_VALUE -> t.getInt32DataCount();
      case DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
      default -> t.getInt64DataCount();
    };
    if (has != n || (raw && t.getRawData().size() % bytes != 0)) {
      throw new OnnxFormatException(where + " has " + (raw ? t.getRawData().size() + " bytes of raw data" : has
          + " values") + " for " + n + " values of " + bytes + " bytes (shape " + t.getDimsList() + ")");
    }
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

  /** The raw data, little-endian; its size was checked by {@link #requireData}. */
  private static ByteBuffer buffer(TensorProto t) {
    return t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String typeName(TensorProto t) {
    DataType d = DataType.forNumber(t.getDataType());
    return d == null ? String.valueOf(t.getDataType()) : d.name();
  }
}
