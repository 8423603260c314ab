package org.ltcheck.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ltcheck.tensor.FloatTensor;

class SafetensorsFileTest {
  @TempDir Path tmp;

  /** A file: 8-byte little-endian header length, the JSON header, then the data bytes. */
  private Path raw(String name, String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    return Files.write(tmp.resolve(name), b.array());
  }

  private static byte[] le(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
    ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    fill.accept(b);
    return b.array();
  }

  @Test
  void f32IntegersAndMetadataRoundTripThroughTheWriter() throws IOException {
    Random rnd = new Random(60);
    float[] v = new float[24];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    v[3] = Float.MIN_VALUE; // subnormals survive bit for bit
    v[5] = -0f;
    FloatTensor t = FloatTensor.of(v, 2, 3, 4);
    Path p = tmp.resolve("w.safetensors");
    new SafetensorsWriter()
        .putFloat("z.weight", t)
        .putInt("a.count", new int[] {7, -1}, 2)
        .putLong("m.idx", new long[] {Long.MIN_VALUE, 3, 1L << 40}, 3)
        .putFloat("empty", FloatTensor.zeros(0, 5))
        .metadata("format", "pt")
        .write(p);
    SafetensorsFile f = SafetensorsFile.read(p);
    assertEquals(t, f.floatTensor("z.weight", 2, 3, 4));
    assertArrayEquals(new long[] {7, -1}, f.longTensor("a.count"));
    assertArrayEquals(new long[] {Long.MIN_VALUE, 3, 1L << 40}, f.longTensor("m.idx"));
    assertEquals(0, f.floatTensor("empty").size());
    assertEquals(Map.of("format", "pt"), f.metadata());
    assertEquals(List.of("z.weight", "a.count", "m.idx", "empty"), List.copyOf(f.header().tensors().keySet()));
    assertEquals(f.header().tensors().keySet(), SafetensorsFile.readHeader(p).tensors().keySet());
    long headerLength = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "header padded to 8 bytes so that the data are aligned");
  }

  @Test
  void handWrittenF64F16Bf16AndI64AreConverted() throws IOException {
    byte[] f64 = le(24, b -> b.putDouble(1.5).putDouble(-2.25).putDouble(1e-3));
    short[] halves = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x3555, (short) 0x8000, 0x0200};
    byte[] f16 = le(16, b -> {
      for (short h : halves) {
        b.putShort(h);
      }
    });
    byte[] bf16 = le(4, b -> b.putShort((short) 0x3F80).putShort((short) 0xC040));
    byte[] i64 = le(16, b -> b.putLong(Long.MAX_VALUE).putLong(-5));
    ByteBuffer all = ByteBuffer.allocate(60);
    all.put(f64).put(f16).put(bf16).put(i64);
    Path p = raw("hand.safetensors", "{\"d\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]},"
        + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,4],\"data_offsets\":[24,40]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[40,44]},"
        + "\"l\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[44,60]},"
        + "\"__metadata__\":{\"k\":\"v\"}}", all.array());
    SafetensorsFile f = SafetensorsFile.read(p);
    assertArrayEquals(new float[] {1.5f, -2.25f, (float) 1e-3}, f.floatTensor("d").toArray());
    float[] h = f.floatTensor("h", 2, 4).toArray();
    assertArrayEquals(new float[] {1f, -2f, 65504f, (float) Math.pow(2, -24), Float.POSITIVE_INFINITY,
        0.333251953125f, -0f, (float) Math.pow(2, -15)}, h);
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(h[6]));
    assertArrayEquals(new float[] {1f, -3f}, f.floatTensor("b").toArray());
    assertArrayEquals(new long[] {Long.MAX_VALUE, -5}, f.longTensor("l"));
    SafetensorsFormatException wrongKind = assertThrows(SafetensorsFormatException.class, () -> f.floatTensor("l"));
    assertTrue(wrongKind.getMessage().contains("'l'") && wrongKind.getMessage().contains("I64"), wrongKind.getMessage());
    SafetensorsFormatException shape = assertThrows(SafetensorsFormatException.class, () -> f.floatTensor("h", 8));
    assertTrue(shape.getMessage().contains("[2, 4]") && shape.getMessage().contains("[8]"), shape.getMessage());
  }

  @Test
  void fileShorterThanTheLengthFieldIsRejected() throws IOException {
    Path p = Files.write(tmp.resolve("tiny.safetensors"), new byte[5]);
    assertMessage(p, "too short");
  }

  @Test
  void truncatedHeaderIsRejected() throws IOException {
    Path full = raw("cut.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
    byte[] b = Files.readAllBytes(full);
    Files.write(full, java.util.Arrays.copyOf(b, 30));
    assertMessage(full, "truncated");
  }

  @Test
  void headerLengthLargerThanTheFileIsRejected() throws IOException {
    byte[] b = le(8 + 20, x -> x.putLong(1000).put("{}                  ".getBytes(StandardCharsets.US_ASCII)));
    assertMessage(Files.write(tmp.resolve("long.safetensors"), b), "exceeds");
  }

  @Test
  void headerLengthAbove100MegabytesIsRejectedWithoutReadingIt() throws IOException {
    byte[] b = le(16, x -> x.putLong(200L * 1024 * 1024).putLong(0));
    assertMessage(Files.write(tmp.resolve("huge.safetensors"), b), "209715200");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "overlap|{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}|12|overlap",
    "gap|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}|12|gap",
    "uncovered tail|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}|12|cover",
    "beyond data|{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}|12|outside",
    "shape vs bytes|{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}|8|needs 12",
    "bad json|{\"a\":{\"dtype\":\"F32\",|4|JSON",
    "not an object|[1,2]|0|JSON object",
    "trailing garbage|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}} x|4|JSON",
    "duplicate name|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}|8|JSON",
    "fractional offset|{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4.5]}}|4|data_offsets",
    "fractional dimension|{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}|4|dimension",
    "negative dimension|{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}|4|dimension",
    "unknown dtype|{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}|4|F8_E4M3",
    "missing field|{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}|4|shape",
    "metadata not strings|{\"__metadata__\":{\"k\":1}}|0|__metadata__",
  })
  void malformedHeaderIsRejectedNamingFileAndProblem(String what, String header, int dataBytes, String phrase)
      throws IOException {
    Path p = raw(what.replace(' ', '-') + ".safetensors", header, new byte[dataBytes]);
    assertMessage(p, phrase);
  }

  /** The format requires UTF-8; Jackson alone would detect and accept UTF-16 and UTF-32. */
  @Test
  void aHeaderThatIsNotUtf8IsRejected() throws IOException {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    for (var charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
        java.nio.charset.Charset.forName("UTF-32"))) {
      byte[] h = header.getBytes(charset);
      ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h);
      Path p = Files.write(tmp.resolve(charset.name() + ".safetensors"), b.array());
      assertMessage(p, "UTF-8");
      SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.readHeader(p));
      assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }
    Path bom = raw("bom.safetensors", "\uFEFF" + header, new byte[4]);
    assertMessage(bom, "byte-order mark");
  }

  @Test
  void onlyRegularFilesAreOpened() throws IOException, InterruptedException {
    Path dir = Files.createDirectory(tmp.resolve("dir.safetensors"));
    java.nio.file.FileSystemException e =
        assertThrows(java.nio.file.FileSystemException.class, () -> SafetensorsFile.read(dir));
    assertTrue(e.getMessage().contains(dir + ": is a directory"), e.getMessage());
    Path fifo = tmp.resolve("fifo.safetensors");
    if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
      e = assertThrows(java.nio.file.FileSystemException.class, () -> SafetensorsFile.readHeader(fifo));
      assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }
  }

  @Test
  void missingTensorListsTheNamesPresent() throws IOException {
    Path p = tmp.resolve("one.safetensors");
    new SafetensorsWriter().putFloat("fc.weight", FloatTensor.zeros(1, 2)).write(p);
    SafetensorsFormatException e =
        assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.read(p).floatTensor("conv1.weight"));
    assertTrue(e.getMessage().contains("conv1.weight") && e.getMessage().contains("fc.weight"), e.getMessage());
  }

  private static void assertMessage(Path p, String phrase) {
    SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.read(p));
    assertTrue(e.getMessage().contains(p.getFileName().toString()), "message must name the file: " + e.getMessage());
    assertTrue(e.getMessage().contains(phrase), "message must mention '" + phrase + "': " + e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }
}
