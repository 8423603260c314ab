package org.ltcheck.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.tensor.FloatTensor;

class TorchSaveWriterTest {
  @TempDir Path tmp;

  private static final FloatTensor W = FloatTensor.of(new float[] {1, -2, 3.5f, 0, 0, 6}, 2, 3);
  private static final FloatTensor B = FloatTensor.of(new float[] {0.25f, -1}, 2);

  private Path written() throws IOException {
    Path p = tmp.resolve("m.pt");
    new TorchSaveWriter().putFloat("fc.weight", W).putFloat("fc.bias", B).putString("note", "layers").write(p);
    return p;
  }

  @Test
  void recordsAreTorchSavesStoredAndAligned() throws IOException {
    Path p = written();
    try (ZipFile z = new ZipFile(p.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e : Collections.list(z.entries())) {
        names.add(e.getName());
        assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
      }
      assertEquals(List.of("archive/data.pkl", "archive/data/0", "archive/data/1", "archive/version"), names);
      assertArrayEquals(W.littleEndianBytes(), z.getInputStream(z.getEntry("archive/data/0")).readAllBytes());
      assertEquals("3\n", new String(z.getInputStream(z.getEntry("archive/version")).readAllBytes(),
          StandardCharsets.US_ASCII));
    }
    byte[] file = Files.readAllBytes(p);
    byte[] storage = W.littleEndianBytes();
    int at = indexOf(file, storage);
    assertEquals(0, at % 64, "storage data at " + at);
  }

  @Test
  void pickleIsAProtocolTwoOrderedDictOfRebuiltTensors() throws IOException {
    byte[] pkl;
    try (ZipFile z = new ZipFile(written().toFile())) {
      pkl = z.getInputStream(z.getEntry("archive/data.pkl")).readAllBytes();
    }
    assertEquals((byte) 0x80, pkl[0]);
    assertEquals(2, pkl[1]);
    assertEquals('.', pkl[pkl.length - 1]);
    String text = new String(pkl, StandardCharsets.ISO_8859_1);
    assertTrue(text.startsWith("\u0080\u0002ccollections\nOrderedDict\n)R("), text);
    assertTrue(text.contains("ctorch._utils\n_rebuild_tensor_v2\n((X\u0007\u0000\u0000\u0000storagectorch\nFloatStorage\n"
        + "X\u0001\u0000\u0000\u00000X\u0003\u0000\u0000\u0000cpuK\u0006tQK\u0000(K\u0002K\u0003t(K\u0003K\u0001t\u0089"), text);
    assertTrue(text.contains("X\u0004\u0000\u0000\u0000noteX\u0006\u0000\u0000\u0000layers"), text);
  }

  @Test
  void sameTensorsSameBytes() throws IOException {
    byte[] a = Files.readAllBytes(written());
    assertArrayEquals(a, Files.readAllBytes(written()));
  }

  @Test
  void aKeyTwiceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new TorchSaveWriter().putFloat("a", B).putString("a", "x"));
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
