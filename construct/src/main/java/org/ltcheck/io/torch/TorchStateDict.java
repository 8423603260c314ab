package org.ltcheck.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.ltcheck.io.TensorEntry;
import org.ltcheck.io.TensorSource;
import org.ltcheck.io.safetensors.HalfFloats;
import org.ltcheck.tensor.FloatTensor;

/**
 * A PyTorch state dict saved by {@code torch.save} in its zip format (PyTorch ≥ 1.6): a zip with
 * one top-level folder holding {@code data.pkl} (the pickled dict), {@code data/KEY} (the raw
 * bytes of each storage) and {@code version} (and, since 2.0, {@code byteorder}). The pickle is
 * read by {@link RestrictedUnpickler}, which accepts only tensors, storages, ordered dicts and
 * primitive values, as {@code torch.load(weights_only=True)} does. A checkpoint that nests the
 * state dict ({@code {"state_dict": {...}, "epoch": 3}}) is read through to the dict, and a
 * {@code module.} prefix on every name (DataParallel) is dropped. Strings, numbers and other
 * primitive values beside the tensors (as in the files {@code ltcheck export} writes) are not
 * tensors and are skipped.
 */
public final class TorchStateDict implements TensorSource {
  /** Keys under which checkpoints commonly nest the state dict. */
  private static final List<String> NESTED_KEYS = List.of("state_dict", "model_state_dict", "model", "net");

  private static final String DATA_PARALLEL_PREFIX = "module.";

  private final Path path;
  private final Map<String, PickleValue.Tensor> tensors;
  private final Map<String, byte[]> storages;
  private final ByteOrder order;

  private TorchStateDict(Path path, Map<String, PickleValue.Tensor> tensors, Map<String, byte[]> storages,
      ByteOrder order) {
    this.path = path;
    this.tensors = tensors;
    this.storages = storages;
    this.order = order;
  }

  /** Whether {@code head}, the first bytes of a file, start a zip archive. */
  public static boolean isZip(byte[] head) {
    return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  /**
   * Whether {@code head} starts a pickle, as the legacy (pre-1.6, or {@code
   * _use_new_zipfile_serialization=False}) {@code torch.save} format does.
   */
  public static boolean isLegacyPickle(byte[] head) {
    return head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
  }

  /** Reads and checks the whole file: every tensor lies within its storage. */
  public static TorchStateDict read(Path path) throws IOException {
    try (ZipFile zip = new ZipFile(path.toFile())) {
      String root = root(zip, path);
      byte[] pickle = entry(zip, root + "data.pkl", path);
      Object top = RestrictedUnpickler.load(path + " (" + root + "data.pkl)", pickle);
      Map<String, PickleValue.Tensor> tensors = stateDict(top, path);
      ByteOrder order = byteOrder(zip, root, path);
      Map<String, byte[]> storages = new HashMap<>();
      for (Map.Entry<String, PickleValue.Tensor> e : tensors.entrySet()) {
        PickleValue.Storage s = e.getValue().storage();
        if (!storages.containsKey(s.key())) {
          byte[] data = entry(zip, root + "data/" + s.key(), path);
          if (data.length != s.numel() * s.dtype().bytes()) {
            throw new TorchFormatException(path + ": storage '" + s.key() + "' of tensor '" + e.getKey() + "' has "
                + data.length + " bytes but " + s.numel() + " elements of " + s.dtype().dtype() + " need "
                + s.numel() * s.dtype().bytes());
          }
          storages.put(s.key(), data);
        }
        checkWithinStorage(e.getKey(), e.getValue(), path);
      }
      return new TorchStateDict(path, tensors, storages, order);
    } catch (ZipException e) {
      throw new TorchFormatException(path + ": not a readable zip archive (" + e.getMessage() + "); a .pt file must be"
          + " written by torch.save in its zip format");
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public List<TensorEntry> entries() {
    List<TensorEntry> out = new ArrayList<>();
    tensors.forEach((name, t) -> out.add(entry(name, t)));
    return out;
  }

  @Override
  public Set<String> names() {
    return Collections.unmodifiableSet(tensors.keySet());
  }

  @Override
  public Optional<TensorEntry> entry(String name) {
    return Optional.ofNullable(tensors.get(name)).map(t -> entry(name, t));
  }

  @Override
  public FloatTensor floatTensor(String name) throws TorchFormatException {
    PickleValue.Tensor t = tensors.get(name);
    if (t == null) {
      throw new TorchFormatException(path + ": no tensor '" + name + "'");
    }
    StorageType type = t.storage().dtype();
    if (!type.floating()) {
      throw new TorchFormatException(
          path + ": tensor '" + name + "' has dtype " + type.dtype() + ", expected a floating-point type");
    }
    ByteBuffer b = ByteBuffer.wrap(storages.get(t.storage().key())).order(order);
    int[] size = t.size();
    long[] stride = t.stride();
    float[] out = new float[Math.toIntExact(FloatTensor.numelOf(size))];
    int[] index = new int[size.length];
    for (int i = 0; i < out.length; i++) {
      long element = t.offset();
      for (int d = 0; d < size.length; d++) {
        element += index[d] * stride[d];
      }
      out[i] = read(b, type, Math.toIntExact(element));
      for (int d = size.length - 1; d >= 0 && ++index[d] == size[d]; d--) {
        index[d] = 0;
      }
    }
    return FloatTensor.wrap(out, size);
  }

  @Override
  public TorchFormatException error(String message) {
    return new TorchFormatException(message);
  }

  private static float read(ByteBuffer b, StorageType type, int element) {
    return switch (type) {
      case FLOAT -> b.getFloat(4 * element);
      case DOUBLE -> (float) b.getDouble(8 * element);
      case HALF -> Float.intBitsToFloat(HalfFloats.halfToFloatBits(b.getShort(2 * element)));
      case BFLOAT16 -> Float.intBitsToFloat((b.getShort(2 * element) & 0xffff) << 16);
      default -> throw new AssertionError(type);
    };
  }

  private static TensorEntry entry(String name, PickleValue.Tensor t) {
    StorageType type = t.storage().dtype();
    return new TensorEntry(name, type.dtype(), type.floating(), t.size());
  }

  /** The folder every entry lies in ({@code archive/} or the file's own name), with its slash. */
  private static String root(ZipFile zip, Path path) throws TorchFormatException {
    String root = null;
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      String name = en.nextElement().getName();
      if (name.endsWith("data.pkl") && (name.equals("data.pkl") || name.endsWith("/data.pkl"))
          && name.indexOf('/') == name.lastIndexOf('/')) {
        if (root != null) {
          throw new TorchFormatException(path + ": zip holds more than one data.pkl");
        }
        root = name.substring(0, name.length() - "data.pkl".length());
      }
    }
    if (root == null) {
      throw new TorchFormatException(path + ": zip archive without FOLDER/data.pkl, so not a torch.save file");
    }
    return root;
  }

  private static ByteOrder byteOrder(ZipFile zip, String root, Path path) throws IOException {
    if (zip.getEntry(root + "byteorder") == null) {
      return ByteOrder.LITTLE_ENDIAN;
    }
    String text = new String(entry(zip, root + "byteorder", path), StandardCharsets.US_ASCII).trim();
    return switch (text) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new TorchFormatException(path + ": byteorder '" + text + "' is neither little nor big");
    };
  }

  private static byte[] entry(ZipFile zip, String name, Path path) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new TorchFormatException(path + ": zip archive lacks '" + name + "'");
    }
    if (e.getSize() > Integer.MAX_VALUE) {
      throw new TorchFormatException(path + ": '" + name + "' of " + e.getSize() + " bytes is too large");
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    }
  }

  /**
   * The tensors of the pickled object: a dict of tensors, or a dict with exactly one dict of
   * tensors inside (a checkpoint), whose other values are then ignored.
   */
  private static Map<String, PickleValue.Tensor> stateDict(Object top, Path path) throws TorchFormatException {
    if (!(top instanceof Map<?, ?> dict)) {
      throw new TorchFormatException(path + ": holds a " + kindOf(top) + ", not a state dict (save model.state_dict())");
    }
    boolean hasTensors = dict.values().stream().anyMatch(v -> v instanceof PickleValue.Tensor);
    if (!hasTensors) {
      List<Map<?, ?>> nested = new ArrayList<>();
      for (String k : NESTED_KEYS) {
        if (dict.get(k) instanceof Map<?, ?> m) {
          nested.add(m);
        }
      }
      if (nested.isEmpty()) {
        dict.values().stream().filter(v -> v instanceof Map).forEach(v -> nested.add((Map<?, ?>) v));
      }
      if (nested.size() != 1) {
        throw new TorchFormatException(path + ": no tensors at the top level and " + nested.size()
            + " nested dicts (keys " + dict.keySet() + "); save model.state_dict()");
      }
      dict = nested.get(0);
    }
    Map<String, PickleValue.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : dict.entrySet()) {
      if (!(e.getKey() instanceof String name)) {
        throw new TorchFormatException(path + ": state-dict key " + e.getKey() + " is not a string");
      }
      if (e.getValue() instanceof PickleValue.Tensor t) {
        out.put(name, t);
      } else if (e.getValue() instanceof Map || e.getValue() instanceof List || e.getValue() instanceof PickleValue.Tuple) {
        throw new TorchFormatException(path + ": state-dict entry '" + name + "' is a " + kindOf(e.getValue())
            + ", not a tensor");
      }
    }
    if (!out.isEmpty() && out.keySet().stream().allMatch(n -> n.startsWith(DATA_PARALLEL_PREFIX))) {
      Map<String, PickleValue.Tensor> stripped = new LinkedHashMap<>();
      out.forEach((n, t) -> stripped.put(n.substring(DATA_PARALLEL_PREFIX.length()), t));
      return stripped;
    }
    return out;
  }

  /** Every element a tensor's view addresses lies within its storage. */
  private static void checkWithinStorage(String name, PickleValue.Tensor t, Path path) throws TorchFormatException {
    int[] size = t.size();
    long[] stride = t.stride();
    long last = t.offset();
    boolean empty = false;
    for (int d = 0; d < size.length; d++) {
      if (stride[d] < 0) {
        throw new TorchFormatException(path + ": tensor '" + name + "' has negative stride " + Arrays.toString(stride));
      }
      empty |= size[d] == 0;
      last += (size[d] - 1L) * stride[d];
    }
    if (FloatTensor.numelOf(size) > Integer.MAX_VALUE) {
      throw new TorchFormatException(path + ": tensor '" + name + "' of size " + Arrays.toString(size) + " is too large");
    }
    if (!empty && (t.offset() < 0 || last >= t.storage().numel())) {
      throw new TorchFormatException(path + ": tensor '" + name + "' (size " + Arrays.toString(size) + ", stride "
          + Arrays.toString(stride) + ", offset " + t.offset() + ") reaches beyond its storage of "
          + t.storage().numel() + " elements");
    }
  }

  private static String kindOf(Object o) {
    return o instanceof Map ? "dict" : o instanceof List ? "list" : o instanceof PickleValue.Tensor ? "tensor"
        : o instanceof PickleValue.Tuple ? "tuple" : o instanceof String ? "string" : String.valueOf(o);
  }
}
