package org.ltcheck.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.tensor.FloatTensor;

/**
 * Collects tensors and writes them as one safetensors file, atomically (temporary file in the
 * same directory, then rename), so a crash never leaves a half-written file under the final name.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Entry(DType dtype, int[] shape, byte[] bytes) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  public SafetensorsWriter putFloat(String name, FloatTensor t) {
    return put(name, new Entry(DType.F32, t.shape(), t.littleEndianBytes()));
  }

  public SafetensorsWriter putInt(String name, int[] data, int... shape) {
    checkCount(name, data.length, shape);
    ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : data) {
      b.putInt(v);
    }
    return put(name, new Entry(DType.I32, shape.clone(), b.array()));
  }

  public SafetensorsWriter putLong(String name, long[] data, int... shape) {
    checkCount(name, data.length, shape);
    ByteBuffer b = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : data) {
      b.putLong(v);
    }
    return put(name, new Entry(DType.I64, shape.clone(), b.array()));
  }

  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** Writes all tensors in insertion order, atomically. */
  public void write(Path path) throws IOException {
    AtomicFiles.write(path, content());
  }

  /** The file's content (all tensors in insertion order), for {@link AtomicFiles#writeAll}. */
  public AtomicFiles.Content content() throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = header.putObject("__metadata__");
      metadata.forEach(m::put);
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype().name());
      ArrayNode shape = t.putArray("shape");
      for (int d : e.getValue().shape()) {
        shape.add(d);
      }
      ArrayNode offsets = t.putArray("data_offsets");
      offsets.add(offset);
      offset += e.getValue().bytes().length;
      offsets.add(offset);
    }
    byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    // The format recommends padding the header with spaces to 8-byte alignment.
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = new byte[padded];
    System.arraycopy(json, 0, head, 0, json.length);
    java.util.Arrays.fill(head, json.length, padded, (byte) ' ');
    return out -> writeTo(out, head);
  }

  private void writeTo(OutputStream out, byte[] head) throws IOException {
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(head.length).array());
    out.write(head);
    for (Entry e : entries.values()) {
      out.write(e.bytes());
    }
  }

  private SafetensorsWriter put(String name, Entry e) {
    if (name.equals("__metadata__") || entries.containsKey(name)) {
      throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already used");
    }
    entries.put(name, e);
    return this;
  }

  private static void checkCount(String name, int length, int[] shape) {
    if (FloatTensor.numelOf(shape) != length) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': " + length + " values do not fill shape " + java.util.Arrays.toString(shape));
    }
  }
}
