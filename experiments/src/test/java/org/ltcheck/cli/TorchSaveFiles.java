package org.ltcheck.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ltcheck.tensor.FloatTensor;

/**
 * Writes files in {@code torch.save}'s zip format without PyTorch, for command-line tests: a
 * state dict of contiguous float32 tensors (the pickle PyTorch 1.13 writes, protocol 2), or an
 * arbitrary pickle.
 */
final class TorchSaveFiles {
  private TorchSaveFiles() {}

  /** {@code stateDict} as {@code torch.save(OrderedDict(...))} writes it. */
  static void writeStateDict(Path file, Map<String, FloatTensor> stateDict) throws IOException {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(0x80);
    p.write(2);
    global(p, "collections", "OrderedDict");
    p.write(')');
    p.write('R');
    p.write('(');
    int key = 0;
    ByteArrayOutputStream[] data = new ByteArrayOutputStream[stateDict.size()];
    for (Map.Entry<String, FloatTensor> e : stateDict.entrySet()) {
      FloatTensor t = e.getValue();
      string(p, e.getKey());
      global(p, "torch._utils", "_rebuild_tensor_v2");
      p.write('(');
      p.write('(');
      string(p, "storage");
      global(p, "torch", "FloatStorage");
      string(p, Integer.toString(key));
      string(p, "cpu");
      integer(p, t.size());
      p.write('t');
      p.write('Q');
      integer(p, 0);
      int[] shape = t.shape();
      p.write('(');
      for (int d : shape) {
        integer(p, d);
      }
      p.write('t');
      p.write('(');
      long stride = 1;
      long[] strides = new long[shape.length];
      for (int d = shape.length - 1; d >= 0; d--) {
        strides[d] = stride;
        stride *= shape[d];
      }
      for (long s : strides) {
        integer(p, (int) s);
      }
      p.write('t');
      p.write(0x89);
      global(p, "collections", "OrderedDict");
      p.write(')');
      p.write('R');
      p.write('t');
      p.write('R');
      ByteBuffer b = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < t.size(); i++) {
        b.putFloat(t.get(i));
      }
      data[key] = new ByteArrayOutputStream();
      data[key].writeBytes(b.array());
      key++;
    }
    p.write('u');
    p.write('.');
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "archive/data.pkl", p.toByteArray());
      for (int k = 0; k < data.length; k++) {
        put(zip, "archive/data/" + k, data[k].toByteArray());
      }
      put(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** A torch.save zip whose {@code data.pkl} is {@code pickle}. */
  static void writePickle(Path file, byte[] pickle) throws IOException {
    try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
      put(zip, "archive/data.pkl", pickle);
      put(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** {@code os.system("echo pwned")} as protocol 0 pickles it: GLOBAL, MARK, string, TUPLE, REDUCE. */
  static byte[] osSystemPickle() {
    return "cos\nsystem\n(S'echo pwned'\ntR.".getBytes(StandardCharsets.US_ASCII);
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  private static void global(ByteArrayOutputStream p, String module, String name) {
    p.write('c');
    p.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static void string(ByteArrayOutputStream p, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    p.write('X');
    p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
    p.writeBytes(b);
  }

  private static void integer(ByteArrayOutputStream p, int v) {
    p.write('J');
    p.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
  }
}
