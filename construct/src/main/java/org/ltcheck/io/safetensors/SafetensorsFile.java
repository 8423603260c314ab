package org.ltcheck.io.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ltcheck.io.TensorEntry;
import org.ltcheck.io.TensorSource;
import org.ltcheck.tensor.FloatTensor;

/**
 * A safetensors file read into memory: 8-byte little-endian header length N, N bytes of JSON
 * header, then the raw little-endian data. Every structural rule is checked on opening, so a
 * truncated or hostile file fails with a message naming the problem instead of an
 * out-of-bounds read later.
 */
public final class SafetensorsFile implements TensorSource {
  /** The limit of the reference implementation: a header above 100 MB is refused. */
  public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  /**
   * Strict JSON: trailing tokens after the header object and repeated tensor names are errors
   * (Jackson's defaults ignore the first and let the last duplicate win silently).
   */
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Path path;
  private final SafetensorsHeader header;
  private final ByteBuffer data;

  private SafetensorsFile(Path path, SafetensorsHeader header, ByteBuffer data) {
    this.path = path;
    this.header = header;
    this.data = data;
  }

  /** Reads and validates the whole file. */
  public static SafetensorsFile read(Path path) throws IOException {
    try (FileChannel ch = open(path)) {
      long size = ch.size();
      long n = headerLength(ch, path, size);
      SafetensorsHeader header = parseHeader(readBytes(ch, 8, (int) n), path, size - 8 - n);
      long dataBytes = size - 8 - n;
      if (dataBytes > Integer.MAX_VALUE) {
        throw new SafetensorsFormatException(path + ": data section of " + dataBytes + " bytes is too large");
      }
      ByteBuffer data = readBytes(ch, 8 + n, (int) dataBytes);
      return new SafetensorsFile(path, header, data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }
  }

  /** Reads and validates only the header (cheap for large files). */
  public static SafetensorsHeader readHeader(Path path) throws IOException {
    try (FileChannel ch = open(path)) {
      long size = ch.size();
      long n = headerLength(ch, path, size);
      return parseHeader(readBytes(ch, 8, (int) n), path, size - 8 - n);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  public SafetensorsHeader header() {
    return header;
  }

  public Map<String, String> metadata() {
    return header.metadata();
  }

  @Override
  public boolean contains(String name) {
    return header.tensors().containsKey(name);
  }

  @Override
  public List<TensorEntry> entries() {
    return header.tensors().values().stream().map(SafetensorsFile::entry).toList();
  }

  /** Sorted by the tensors' offsets in the data section. */
  @Override
  public List<TensorEntry> inDataOrder() {
    return header.tensors().values().stream().sorted(Comparator.comparingLong(TensorInfo::begin))
        .map(SafetensorsFile::entry).toList();
  }

  @Override
  public Set<String> names() {
    return java.util.Collections.unmodifiableSet(header.tensors().keySet());
  }

  @Override
  public Optional<TensorEntry> entry(String name) {
    return Optional.ofNullable(header.tensors().get(name)).map(SafetensorsFile::entry);
  }

  @Override
  public SafetensorsFormatException error(String message) {
    return new SafetensorsFormatException(message);
  }

  private static TensorEntry entry(TensorInfo t) {
    return new TensorEntry(t.name(), t.dtype().name(), t.dtype().isFloat(), t.shape());
  }

  /** A floating-point tensor converted to float32 (F64 rounded, F16/BF16 widened). */
  @Override
  public FloatTensor floatTensor(String name) throws SafetensorsFormatException {
    TensorInfo t = header.info(name);
    if (!t.dtype().isFloat()) {
      throw new SafetensorsFormatException(
          path + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected a floating-point type");
    }
    int n = (int) t.numel();
    float[] out = new float[n];
    ByteBuffer b = slice(t);
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (t.dtype()) {
            case F32 -> b.getFloat(4 * i);
            case F64 -> (float) b.getDouble(8 * i);
            case F16 -> Float.intBitsToFloat(HalfFloats.halfToFloatBits(b.getShort(2 * i)));
            case BF16 -> Float.intBitsToFloat((b.getShort(2 * i) & 0xffff) << 16);
            default -> throw new AssertionError(t.dtype());
          };
    }
    return FloatTensor.wrap(out, t.shape());
  }

  /** A floating-point tensor that must have exactly {@code expectedShape}. */
  public FloatTensor floatTensor(String name, int... expectedShape) throws SafetensorsFormatException {
    FloatTensor t = floatTensor(name);
    if (!t.sameShape(expectedShape)) {
      throw new SafetensorsFormatException(
          path + ": tensor '" + name + "' has shape " + java.util.Arrays.toString(t.shape())
              + ", expected " + java.util.Arrays.toString(expectedShape));
    }
    return t;
  }

  /** An integer tensor (I32, I64 or U8) as longs. */
  public long[] longTensor(String name) throws SafetensorsFormatException {
    TensorInfo t = header.info(name);
    int n = (int) t.numel();
    long[] out = new long[n];
    ByteBuffer b = slice(t);
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (t.dtype()) {
            case I32 -> b.getInt(4 * i);
            case I64 -> b.getLong(8 * i);
            case U8 -> b.get(i) & 0xff;
            default -> throw new SafetensorsFormatException(
                path + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected an integer type");
          };
    }
    return out;
  }

  private ByteBuffer slice(TensorInfo t) {
    return data.duplicate().position((int) t.begin()).limit((int) t.end()).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Opens a regular file only: a FIFO without a writer would block the read forever, and a
   * directory or device gives the file system's terse messages.
   */
  private static FileChannel open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new FileSystemException(path.toString(), null, "is a directory, not a safetensors file");
    }
    if (Files.exists(path) && !Files.isRegularFile(path)) {
      throw new FileSystemException(path.toString(), null,
          "is not a regular file (a FIFO, socket or device?); only regular files are read");
    }
    try {
      return FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path.toString(), null, "safetensors file not found");
    }
  }

  private static long headerLength(FileChannel ch, Path path, long size) throws IOException {
    if (size < 8) {
      throw new SafetensorsFormatException(path + ": file of " + size + " bytes is too short for a safetensors header");
    }
    long n = readBytes(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    if (n < 2 || n > MAX_HEADER_BYTES) {
      throw new SafetensorsFormatException(
          path + ": header length " + n + " outside [2, " + MAX_HEADER_BYTES + "] bytes");
    }
    if (n > size - 8) {
      throw new SafetensorsFormatException(
          path + ": header length " + n + " exceeds the " + (size - 8) + " bytes after the length field (truncated file?)");
    }
    return n;
  }

  private static ByteBuffer readBytes(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new SafetensorsFormatException("unexpected end of file at byte " + (position + buf.position()));
      }
    }
    return buf.flip();
  }

  private static SafetensorsHeader parseHeader(ByteBuffer bytes, Path path, long dataBytes)
      throws SafetensorsFormatException {
    JsonNode root;
    try {
      root = JSON.readTree(utf8(bytes, path));
    } catch (IOException e) {
      throw new SafetensorsFormatException(path + ": header is not valid JSON (" + firstLine(e.getMessage()) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsFormatException(path + ": header is not a JSON object");
    }
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        parseMetadata(e.getValue(), path, metadata);
      } else {
        tensors.put(e.getKey(), parseEntry(e.getKey(), e.getValue(), path, dataBytes));
      }
    }
    checkCoverage(tensors, path, dataBytes);
    return new SafetensorsHeader(tensors, metadata);
  }

  /**
   * The header as text: the format requires UTF-8, and Jackson would otherwise detect UTF-16 and
   * UTF-32 from the first bytes and accept a header no other reader does.
   */
  private static String utf8(ByteBuffer bytes, Path path) throws SafetensorsFormatException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes.duplicate())
          .toString();
    } catch (CharacterCodingException e) {
      throw new SafetensorsFormatException(path + ": header is not UTF-8 text, as the format requires");
    }
    if (text.indexOf('\0') >= 0 || text.startsWith("\uFEFF")) {
      throw new SafetensorsFormatException(path + ": header has " + (text.startsWith("\uFEFF") ? "a byte-order mark"
          : "NUL bytes") + " (UTF-16 or UTF-32 text?); the format requires UTF-8 without a byte-order mark");
    }
    return text;
  }

  private static void parseMetadata(JsonNode node, Path path, Map<String, String> out)
      throws SafetensorsFormatException {
    if (!node.isObject()) {
      throw new SafetensorsFormatException(path + ": __metadata__ must be an object of strings");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      if (!m.getValue().isTextual()) {
        throw new SafetensorsFormatException(path + ": __metadata__ value of '" + m.getKey() + "' is not a string");
      }
      out.put(m.getKey(), m.getValue().asText());
    }
  }

  private static TensorInfo parseEntry(String name, JsonNode node, Path path, long dataBytes)
      throws SafetensorsFormatException {
    String where = path + ": tensor '" + name + "'";
    if (!node.isObject() || !node.path("dtype").isTextual() || !node.path("shape").isArray()
        || !node.path("data_offsets").isArray() || node.path("data_offsets").size() != 2) {
      throw new SafetensorsFormatException(where + " needs dtype, shape and two data_offsets");
    }
    DType dtype;
    try {
      dtype = DType.parse(node.get("dtype").asText(), name);
    } catch (SafetensorsFormatException e) {
      throw new SafetensorsFormatException(path + ": " + e.getMessage());
    }
    JsonNode s = node.get("shape");
    int[] shape = new int[s.size()];
    for (int i = 0; i < shape.length; i++) {
      // canConvertToInt alone accepts 1.5 (and asInt truncates it): require an integer literal.
      if (!s.get(i).isIntegralNumber() || !s.get(i).canConvertToInt() || s.get(i).asInt() < 0) {
        throw new SafetensorsFormatException(where + " has invalid dimension " + s.get(i));
      }
      shape[i] = s.get(i).asInt();
    }
    JsonNode o = node.get("data_offsets");
    if (!o.get(0).isIntegralNumber() || !o.get(1).isIntegralNumber()
        || !o.get(0).canConvertToLong() || !o.get(1).canConvertToLong()) {
      throw new SafetensorsFormatException(where + " has non-integer data_offsets " + o);
    }
    long begin = o.get(0).asLong();
    long end = o.get(1).asLong();
    long expected;
    try {
      expected = Math.multiplyExact(FloatTensor.numelOf(shape), dtype.bytes());
    } catch (ArithmeticException e) {
      throw new SafetensorsFormatException(where + " is too large");
    }
    if (begin < 0 || end < begin || end > dataBytes) {
      throw new SafetensorsFormatException(
          where + " has offsets [" + begin + ", " + end + ") outside the " + dataBytes + "-byte data section");
    }
    if (end - begin != expected) {
      throw new SafetensorsFormatException(
          where + " spans " + (end - begin) + " bytes but shape " + java.util.Arrays.toString(shape)
              + " of " + dtype + " needs " + expected);
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  /** Tensors must tile the data section without gaps or overlaps, as the format requires. */
  private static void checkCoverage(Map<String, TensorInfo> tensors, Path path, long dataBytes)
      throws SafetensorsFormatException {
    List<TensorInfo> sorted = new ArrayList<>(tensors.values());
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long at = 0;
    for (TensorInfo t : sorted) {
      if (t.begin() != at) {
        throw new SafetensorsFormatException(
            path + ": tensor '" + t.name() + "' starts at byte " + t.begin() + ", expected " + at
                + " (gap or overlap in the data section)");
      }
      at = t.end();
    }
    if (at != dataBytes) {
      throw new SafetensorsFormatException(
          path + ": tensors cover " + at + " bytes but the data section has " + dataBytes);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
