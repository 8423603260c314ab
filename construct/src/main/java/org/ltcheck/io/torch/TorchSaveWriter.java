package org.ltcheck.io.torch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.tensor.FloatTensor;

/**
 * Writes what {@code torch.save(OrderedDict(...))} writes for a state dict of float32 tensors (and
 * string values), so that {@code torch.load(path, weights_only=True)} reads it: a zip archive
 * with uncompressed records {@code archive/data.pkl} (a protocol-2 pickle of the OrderedDict,
 * each tensor {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())}
 * with the storage as persistent id {@code ('storage', torch.FloatStorage, key, 'cpu', numel)}),
 * {@code archive/data/KEY} (the storage's little-endian bytes), and {@code archive/version}.
 * Like PyTorch's writer, every record's data starts at a multiple of 64 bytes (padding in the
 * local header's extra field), so readers may map storages in place. Written atomically.
 */
public final class TorchSaveWriter {
  private static final int ALIGNMENT = 64;
  private static final String ARCHIVE = "archive/";
  /** The serialization version PyTorch 1.13 writes. */
  private static final String VERSION = "3\n";
  /** A fixed local time stamp (no time zone; 1980 would add an extended-time field), so the same tensors give the same bytes. */
  private static final LocalDateTime TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private final Map<String, Object> entries = new LinkedHashMap<>();

  public TorchSaveWriter putFloat(String name, FloatTensor t) {
    return put(name, t);
  }

  /** A string value (PyTorch's {@code load_state_dict} would call it an unexpected key). */
  public TorchSaveWriter putString(String name, String value) {
    return put(name, value);
  }

  public void write(Path path) throws IOException {
    AtomicFiles.write(path, content());
  }

  /** The file's content, for {@link AtomicFiles#writeAll}. */
  public AtomicFiles.Content content() {
    Map<String, byte[]> records = new LinkedHashMap<>();
    PickleWriter p = new PickleWriter().protocol2().global("collections", "OrderedDict").emptyTuple().reduce();
    if (!entries.isEmpty()) {
      p.mark();
      int key = 0;
      Map<String, byte[]> storages = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : entries.entrySet()) {
        p.string(e.getKey());
        if (e.getValue() instanceof FloatTensor t) {
          String storage = Integer.toString(key++);
          tensor(p, t, storage);
          storages.put(ARCHIVE + "data/" + storage, t.littleEndianBytes());
        } else {
          p.string((String) e.getValue());
        }
      }
      p.setItems();
      records.put(ARCHIVE + "data.pkl", p.stop());
      records.putAll(storages);
    } else {
      records.put(ARCHIVE + "data.pkl", p.stop());
    }
    records.put(ARCHIVE + "version", VERSION.getBytes(StandardCharsets.US_ASCII));
    return out -> writeZip(out, records);
  }

  private static void tensor(PickleWriter p, FloatTensor t, String storage) {
    int[] shape = t.shape();
    int[] stride = new int[shape.length];
    int s = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      stride[d] = s;
      s *= shape[d];
    }
    p.global("torch._utils", "_rebuild_tensor_v2").mark()
        .mark().string("storage").global("torch", "FloatStorage").string(storage).string("cpu").integer(t.size())
        .tuple().persistentId()
        .integer(0).intTuple(shape).intTuple(stride).bool(false)
        .global("collections", "OrderedDict").emptyTuple().reduce()
        .tuple().reduce();
  }

  private static void writeZip(OutputStream target, Map<String, byte[]> records) throws IOException {
    CountingStream counted = new CountingStream(target);
    ZipOutputStream zip = new ZipOutputStream(counted);
    for (Map.Entry<String, byte[]> r : records.entrySet()) {
      byte[] data = r.getValue();
      byte[] name = r.getKey().getBytes(StandardCharsets.UTF_8);
      ZipEntry e = new ZipEntry(r.getKey());
      e.setMethod(ZipEntry.STORED);
      e.setSize(data.length);
      e.setCompressedSize(data.length);
      CRC32 crc = new CRC32();
      crc.update(data);
      e.setCrc(crc.getValue());
      e.setTimeLocal(TIME);
      byte[] extra = padding(counted.count + 30 + name.length);
      if (extra.length > 0) {
        e.setExtra(extra);
      }
      zip.putNextEntry(e);
      zip.write(data);
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
  }

  /** An extra field (id "FB", as PyTorch's) that moves the data at {@code dataStart} to the alignment. */
  private static byte[] padding(long dataStart) {
    int pad = (int) ((ALIGNMENT - dataStart % ALIGNMENT) % ALIGNMENT);
    if (pad == 0) {
      return new byte[0];
    }
    if (pad < 4) {
      pad += ALIGNMENT;
    }
    byte[] extra = new byte[pad];
    extra[0] = 'F';
    extra[1] = 'B';
    extra[2] = (byte) ((pad - 4) & 0xff);
    extra[3] = (byte) ((pad - 4) >>> 8);
    return extra;
  }

  private TorchSaveWriter put(String name, Object value) {
    if (entries.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("state-dict key '" + name + "' is used twice");
    }
    return this;
  }

  /** Counts the bytes the zip writer has written, to place each record's data. */
  private static final class CountingStream extends FilterOutputStream {
    private long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
