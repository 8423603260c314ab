package org.ltcheck.io.torch;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader (protocols 2 to 5) that builds only what a PyTorch state dict holds, as
 * {@code torch.load(weights_only=True)} does: primitive values, strings, tuples, lists, dicts and
 * ordered dicts, tensors ({@code torch._utils._rebuild_tensor_v2}, {@code _rebuild_parameter})
 * and storages (persistent ids {@code ('storage', torch.XStorage, key, location, numel)}). It
 * never loads or calls anything else: a global outside {@link AllowedGlobal}, a call of anything
 * but the rebuild functions, or an opcode that builds arbitrary objects is refused with a message
 * naming it and the file.
 */
final class RestrictedUnpickler {
  private static final Object MARK = new Object() {
    @Override
    public String toString() {
      return "MARK";
    }
  };

  private final String where;
  private final ByteBuffer in;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();

  private RestrictedUnpickler(String where, byte[] pickle) {
    this.where = where;
    this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The object {@code pickle} holds.
   *
   * @param where the file (and archive entry), for messages
   */
  static Object load(String where, byte[] pickle) throws TorchFormatException {
    RestrictedUnpickler u = new RestrictedUnpickler(where, pickle);
    try {
      return u.run();
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new TorchFormatException(where + ": pickle ends early at byte " + u.in.position() + " (truncated file?)");
    } catch (ClassCastException e) {
      throw new TorchFormatException(where + ": pickle opcode at byte " + u.in.position()
          + " applied to a value of the wrong kind (malformed pickle)");
    }
  }

  private Object run() throws TorchFormatException {
    while (true) {
      int at = in.position();
      int op = in.get() & 0xff;
      switch (op) {
        case 0x80 -> { // PROTO
          int protocol = in.get() & 0xff;
          if (protocol > 5) {
            throw error(at, "pickle protocol " + protocol + " is newer than 5");
          }
        }
        case 0x95 -> in.getLong(); // FRAME: a length hint
        case '.' -> { // STOP
          if (stack.size() != 1 || !marks.isEmpty()) {
            throw error(at, "pickle stops with " + stack.size() + " values on the stack");
          }
          return stack.get(0);
        }
        case '(' -> marks.add(stack.size());
        case '0' -> pop(at);
        case '1' -> popMark(at);
        case '2' -> push(peek(at));
        case 'N' -> push(PickleValue.NONE);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push((long) in.getInt());
        case 'K' -> push((long) (in.get() & 0xff));
        case 'M' -> push((long) (in.getShort() & 0xffff));
        case 0x8a -> push(longValue(bytes(in.get() & 0xff)));
        case 0x8b -> push(longValue(bytes(length(in.getInt(), at))));
        case 'G' -> push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); // BINFLOAT is big-endian
        case 'X' -> push(utf8(bytes(length(in.getInt(), at))));
        case 0x8c -> push(utf8(bytes(in.get() & 0xff)));
        case 0x8d -> push(utf8(bytes(length(in.getLong(), at))));
        case 'T' -> push(latin1(bytes(length(in.getInt(), at))));
        case 'U' -> push(latin1(bytes(in.get() & 0xff)));
        case 'B' -> push(bytes(length(in.getInt(), at)));
        case 'C' -> push(bytes(in.get() & 0xff));
        case 0x8e -> push(bytes(length(in.getLong(), at)));
        case ')' -> push(new PickleValue.Tuple(List.of()));
        case 0x85 -> push(new PickleValue.Tuple(List.of(pop(at))));
        case 0x86 -> {
          Object b = pop(at);
          push(new PickleValue.Tuple(List.of(pop(at), b)));
        }
        case 0x87 -> {
          Object c = pop(at);
          Object b = pop(at);
          push(new PickleValue.Tuple(List.of(pop(at), b, c)));
        }
        case 't' -> push(new PickleValue.Tuple(popMark(at)));
        case ']' -> push(new ArrayList<>());
        case 'l' -> push(new ArrayList<>(popMark(at)));
        case '}' -> push(new LinkedHashMap<>());
        case 'd' -> {
          Map<Object, Object> d = new LinkedHashMap<>();
          putAll(d, popMark(at), at);
          push(d);
        }
        case 'a' -> {
          Object v = pop(at);
          list(peek(at), at).add(v);
        }
        case 'e' -> {
          List<Object> items = popMark(at);
          list(peek(at), at).addAll(items);
        }
        case 's' -> {
          Object v = pop(at);
          Object k = pop(at);
          dict(peek(at), at).put(key(k, at), v);
        }
        case 'u' -> {
          List<Object> items = popMark(at);
          putAll(dict(peek(at), at), items, at);
        }
        case 'q' -> memo.put((long) (in.get() & 0xff), peek(at));
        case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek(at));
        case 0x94 -> memo.put((long) memo.size(), peek(at));
        case 'h' -> push(memo(in.get() & 0xff, at));
        case 'j' -> push(memo(in.getInt() & 0xffffffffL, at));
        case 'c' -> push(global(readLine(at), readLine(at), at));
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop(at);
          Object module = pop(at);
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw error(at, "STACK_GLOBAL of non-strings " + module + ", " + name);
          }
          push(global(m, n, at));
        }
        case 'Q' -> push(persistent(pop(at), at));
        case 'R' -> {
          Object args = pop(at);
          push(reduce(pop(at), args, at));
        }
        case 'b' -> build(pop(at), peek(at), at);
        default -> throw error(at, "pickle opcode 0x" + Integer.toHexString(op) + (op >= 0x20 && op < 0x7f
            ? " ('" + (char) op + "')" : "") + " is not allowed in a state dict (it builds arbitrary objects)"
            + " or is not a pickle opcode");
      }
      in.order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  private PickleValue.Global global(String module, String name, int at) throws TorchFormatException {
    return AllowedGlobal.of(module, name).map(g -> new PickleValue.Global(g, module, name)).orElseThrow(() ->
        error(at, "refusing the pickle global '" + module + "." + name + "': a state dict may name only "
            + AllowedGlobal.describe() + " (as torch.load(weights_only=True)); re-save the model's state_dict()"));
  }

  private Object reduce(Object callable, Object args, int at) throws TorchFormatException {
    if (!(callable instanceof PickleValue.Global g) || g.kind() == AllowedGlobal.STORAGE) {
      throw error(at, "refusing to call " + describe(callable) + ": only OrderedDict and the tensor rebuild functions"
          + " may be called");
    }
    List<Object> a = tuple(args, "the arguments of " + g, at);
    return switch (g.kind()) {
      case ORDERED_DICT -> {
        Map<Object, Object> d = new LinkedHashMap<>();
        if (!a.isEmpty()) {
          for (Object pair : list(a.get(0), at)) {
            List<Object> kv = tuple(pair, "an OrderedDict item", at);
            d.put(key(kv.get(0), at), kv.get(1));
          }
        }
        yield d;
      }
      case REBUILD_TENSOR_V2 -> {
        if (a.size() < 4 || !(a.get(0) instanceof PickleValue.Storage s)) {
          throw error(at, g + " needs (storage, offset, size, stride, ...), got " + a.size() + " arguments");
        }
        List<Object> size = tuple(a.get(2), "the tensor size", at);
        List<Object> stride = tuple(a.get(3), "the tensor stride", at);
        if (size.size() != stride.size()) {
          throw error(at, "tensor size " + size + " and stride " + stride + " differ in rank");
        }
        int[] sz = new int[size.size()];
        long[] st = new long[size.size()];
        for (int i = 0; i < sz.length; i++) {
          long d = integer(size.get(i), "a tensor dimension", at);
          if (d < 0 || d > Integer.MAX_VALUE) {
            throw error(at, "tensor dimension " + d + " outside [0, " + Integer.MAX_VALUE + "]");
          }
          sz[i] = (int) d;
          st[i] = integer(stride.get(i), "a tensor stride", at);
        }
        yield new PickleValue.Tensor(s, integer(a.get(1), "the storage offset", at), sz, st);
      }
      case REBUILD_PARAMETER -> {
        if (a.isEmpty() || !(a.get(0) instanceof PickleValue.Tensor t)) {
          throw error(at, g + " needs a tensor as its first argument");
        }
        yield t;
      }
      case STORAGE -> throw new AssertionError(g);
    };
  }

  /** A storage reference {@code ('storage', torch.XStorage, key, location, numel)}. */
  private PickleValue.Storage persistent(Object pid, int at) throws TorchFormatException {
    List<Object> t = tuple(pid, "a persistent id", at);
    if (t.size() != 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof PickleValue.Global g)
        || g.kind() != AllowedGlobal.STORAGE || !(t.get(2) instanceof String key)) {
      throw error(at, "persistent id " + t + " is not ('storage', torch.XStorage, key, location, numel)");
    }
    long numel = integer(t.get(4), "the storage size", at);
    if (numel < 0) {
      throw error(at, "storage '" + key + "' has negative size " + numel);
    }
    return new PickleValue.Storage(StorageType.ofClass(g.name()).orElseThrow(), key, numel);
  }

  /** BUILD sets an object's state: allowed (and ignored) on dicts, as a state dict's {@code _metadata}, and tensors. */
  private void build(Object state, Object target, int at) throws TorchFormatException {
    if (!(target instanceof Map) && !(target instanceof PickleValue.Tensor)) {
      throw error(at, "refusing to set the state of " + describe(target) + " (BUILD)");
    }
  }

  private String describe(Object o) {
    return o instanceof PickleValue.Global g ? "'" + g + "'" : "a value of kind " + kind(o);
  }

  private static String kind(Object o) {
    return o instanceof PickleValue ? o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
        : o instanceof String ? "str" : o instanceof List ? "list" : o instanceof Map ? "dict"
        : o.getClass().getSimpleName();
  }

  private List<Object> tuple(Object o, String what, int at) throws TorchFormatException {
    if (o instanceof PickleValue.Tuple t) {
      return t.items();
    }
    throw error(at, what + " is " + kind(o) + ", expected a tuple");
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o, int at) throws TorchFormatException {
    if (o instanceof List<?> l) {
      return (List<Object>) l;
    }
    throw error(at, "appending to " + kind(o) + ", expected a list");
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dict(Object o, int at) throws TorchFormatException {
    if (o instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    throw error(at, "setting an item of " + kind(o) + ", expected a dict");
  }

  private void putAll(Map<Object, Object> d, List<Object> items, int at) throws TorchFormatException {
    if (items.size() % 2 != 0) {
      throw error(at, "odd number " + items.size() + " of dict keys and values");
    }
    for (int i = 0; i < items.size(); i += 2) {
      d.put(key(items.get(i), at), items.get(i + 1));
    }
  }

  /** Dict keys must be hashable values; lists and dicts are not. */
  private Object key(Object k, int at) throws TorchFormatException {
    if (k instanceof List || k instanceof Map) {
      throw error(at, "a " + kind(k) + " as a dict key");
    }
    return k;
  }

  private long integer(Object o, String what, int at) throws TorchFormatException {
    if (o instanceof Long l) {
      return l;
    }
    throw error(at, what + " is " + (o instanceof BigInteger ? "the out-of-range integer " + o : kind(o))
        + ", expected an integer");
  }

  private Object memo(long key, int at) throws TorchFormatException {
    Object v = memo.get(key);
    if (v == null) {
      throw error(at, "memo entry " + key + " was never stored");
    }
    return v;
  }

  private void push(Object o) {
    stack.add(o);
  }

  private Object pop(int at) throws TorchFormatException {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() <= floor) {
      throw error(at, "pickle pops an empty stack");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek(int at) throws TorchFormatException {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() <= floor) {
      throw error(at, "pickle reads an empty stack");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark(int at) throws TorchFormatException {
    if (marks.isEmpty()) {
      throw error(at, "pickle has no MARK to pop to");
    }
    int from = marks.remove(marks.size() - 1);
    List<Object> items = new ArrayList<>(stack.subList(from, stack.size()));
    stack.subList(from, stack.size()).clear();
    return items;
  }

  private int length(long n, int at) throws TorchFormatException {
    if (n < 0 || n > in.remaining()) {
      throw error(at, "length " + n + " beyond the " + in.remaining() + " bytes left (truncated file?)");
    }
    return (int) n;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private String readLine(int at) throws TorchFormatException {
    StringBuilder s = new StringBuilder();
    for (byte b = in.get(); b != '\n'; b = in.get()) {
      if (s.length() > 1000) {
        throw error(at, "GLOBAL name longer than 1000 bytes");
      }
      s.append((char) (b & 0xff));
    }
    return s.toString();
  }

  /** A little-endian two's-complement integer; a Long when it fits. */
  private static Object longValue(byte[] le) {
    byte[] be = new byte[Math.max(1, le.length)];
    for (int i = 0; i < le.length; i++) {
      be[be.length - 1 - i] = le[i];
    }
    BigInteger v = le.length == 0 ? BigInteger.ZERO : new BigInteger(be);
    return v.bitLength() < 64 ? (Object) v.longValue() : v;
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private TorchFormatException error(int at, String message) {
    return new TorchFormatException(where + ": " + message + " (pickle byte " + at + ")");
  }
}
