package org.ltcheck.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.TensorEntry;
import org.ltcheck.tensor.FloatTensor;

/** Real torch.save files (made by experiments/scripts/make_torch_test_pickles.py) and broken archives. */
class TorchStateDictTest {
  @TempDir Path dir;

  private static Path resource(Path dir, String name) throws IOException {
    return TorchTestFiles.copy(dir, name);
  }

  @Test
  void readsEveryFloatTypeStridedViewsOffsetsAndSharedStoragesAsPyTorchHasThem() throws IOException {
    TorchStateDict sd = TorchStateDict.read(resource(dir, "tensors.pt"));
    JsonNode expected;
    try (InputStream in = TorchTestFiles.open("tensors.json")) {
      expected = new ObjectMapper().readTree(in);
    }
    List<String> names = new ArrayList<>();
    expected.fieldNames().forEachRemaining(names::add);
    assertEquals(names, List.copyOf(sd.names()), "the state dict's order");
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      int[] shape = new ObjectMapper().convertValue(e.getValue().get("shape"), int[].class);
      TensorEntry entry = sd.entry(e.getKey()).orElseThrow();
      assertArrayEquals(shape, entry.shape(), e.getKey());
      if (!entry.floating()) {
        assertEquals("I64", entry.dtype());
        TorchFormatException nonFloat = assertThrows(TorchFormatException.class, () -> sd.floatTensor(e.getKey()));
        assertTrue(nonFloat.getMessage().contains("'" + e.getKey() + "' has dtype I64"), nonFloat.getMessage());
        continue;
      }
      FloatTensor t = sd.floatTensor(e.getKey());
      assertArrayEquals(shape, t.shape(), e.getKey());
      JsonNode values = e.getValue().get("values");
      for (int i = 0; i < t.size(); i++) {
        assertEquals((float) values.get(i).asDouble(), t.get(i), 0f, e.getKey() + "[" + i + "]");
      }
    }
    assertEquals("F64", sd.entry("double").orElseThrow().dtype());
    assertEquals("F16", sd.entry("half").orElseThrow().dtype());
    assertEquals("BF16", sd.entry("bfloat").orElseThrow().dtype());
  }

  @Test
  void aCheckpointIsReadThroughToItsStateDict() throws IOException {
    TorchStateDict sd = TorchStateDict.read(resource(dir, "checkpoint.pt"));
    assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(sd.names()));
    assertArrayEquals(new int[] {2, 3}, sd.floatTensor("fc.weight").shape());
  }

  @Test
  void picklesThatWouldRunCodeAreRefusedNamingTheGlobalAndTheFile() throws IOException {
    for (String[] c : List.of(new String[] {"eval.pt", "'__builtin__.eval'"}, new String[] {"system.pt", "'posix.system'"})) {
      Path p = resource(dir, c[0]);
      TorchFormatException e = assertThrows(TorchFormatException.class, () -> TorchStateDict.read(p));
      assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("refusing the pickle global " + c[1]), e.getMessage());
    }
  }

  @Test
  void aTensorBeyondItsStorageOrAStorageOfTheWrongSizeIsNamed() throws IOException {
    Path good = resource(dir, "checkpoint.pt");
    Path shortStorage = rewrite(good, "short.pt", (name, bytes) -> name.endsWith("/data/0")
        ? java.util.Arrays.copyOf(bytes, bytes.length - 4) : bytes);
    TorchFormatException e = assertThrows(TorchFormatException.class, () -> TorchStateDict.read(shortStorage));
    assertTrue(e.getMessage().contains("storage '0' of tensor 'fc.weight' has 20 bytes but 6 elements of F32 need 24"),
        e.getMessage());
    Path missing = rewrite(good, "missing.pt", (name, bytes) -> name.endsWith("/data/1") ? null : bytes);
    e = assertThrows(TorchFormatException.class, () -> TorchStateDict.read(missing));
    assertTrue(e.getMessage().contains("lacks 'checkpoint/data/1'"), e.getMessage());
    Path noPickle = rewrite(good, "nopickle.pt", (name, bytes) -> name.endsWith("data.pkl") ? null : bytes);
    e = assertThrows(TorchFormatException.class, () -> TorchStateDict.read(noPickle));
    assertTrue(e.getMessage().contains("without FOLDER/data.pkl"), e.getMessage());
  }

  @Test
  void recognisesZipsAndLegacyPicklesByTheirFirstBytes() throws IOException {
    assertTrue(TorchStateDict.isZip(Files.readAllBytes(resource(dir, "checkpoint.pt"))));
    byte[] legacy = Files.readAllBytes(resource(dir, "legacy.pt"));
    assertFalse(TorchStateDict.isZip(legacy));
    assertTrue(TorchStateDict.isLegacyPickle(legacy));
    assertFalse(TorchStateDict.isLegacyPickle(new byte[] {8, 0, 0, 0, 0, 0, 0, 0}), "a safetensors header length");
  }

  private interface EntryEdit {
    /** The new contents of entry {@code name}, or null to drop it. */
    byte[] apply(String name, byte[] bytes);
  }

  private Path rewrite(Path from, String name, EntryEdit edit) throws IOException {
    Path to = dir.resolve(name);
    try (ZipFile in = new ZipFile(from.toFile()); OutputStream os = Files.newOutputStream(to);
        ZipOutputStream out = new ZipOutputStream(os)) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] bytes;
        try (InputStream is = in.getInputStream(e)) {
          bytes = edit.apply(e.getName(), is.readAllBytes());
        }
        if (bytes != null) {
          out.putNextEntry(new ZipEntry(e.getName()));
          out.write(bytes);
          out.closeEntry();
        }
      }
    }
    return to;
  }

  @Test
  void whatTorchSaveWriterWritesReadsBackSkippingItsStrings() throws IOException {
    FloatTensor w = FloatTensor.of(new float[] {1, -2, 3.5f, 0, 0, 6}, 2, 3);
    Path p = dir.resolve("written.pt");
    new TorchSaveWriter().putFloat("fc.weight", w).putString("ltcheck.note", "x").write(p);
    TorchStateDict sd = TorchStateDict.read(p);
    assertEquals(List.of("fc.weight"), List.copyOf(sd.names()));
    assertEquals(w, sd.floatTensor("fc.weight"));
  }
}
