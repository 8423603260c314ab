package org.ltcheck.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-built pickles: what a state dict holds is read, everything that could run code is refused. */
class RestrictedUnpicklerTest {
  /** Writes pickle opcodes. */
  private static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle() {
      op(0x80).op(2);
    }

    Pickle op(int b) {
      out.write(b);
      return this;
    }

    Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op('X');
      for (int i = 0; i < 4; i++) {
        op((b.length >> (8 * i)) & 0xff);
      }
      out.writeBytes(b);
      return this;
    }

    Pickle global(String module, String name) {
      op('c');
      out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Pickle int1(int v) {
      return op('K').op(v);
    }

    byte[] stop() {
      return op('.').out.toByteArray();
    }

    /** The persistent id of a float storage with {@code numel} elements, loaded. */
    Pickle storage(String key, int numel) {
      op('(').str("storage").global("torch", "FloatStorage").str(key).str("cpu").int1(numel).op('t');
      return op('Q');
    }
  }

  private static Object load(byte[] pickle) throws TorchFormatException {
    return RestrictedUnpickler.load("test.pt", pickle);
  }

  private static TorchFormatException refused(byte[] pickle) {
    return assertThrows(TorchFormatException.class, () -> load(pickle));
  }

  @Test
  void readsPrimitivesTuplesListsDictsAndTheMemo() throws Exception {
    byte[] p = new Pickle().op('}').op('q').op(0).op('(')
        .str("a").int1(7)
        .str("b").op('J').op(0xfe).op(0xff).op(0xff).op(0xff) // -2
        .str("c").op(0x8a).op(9).op(0).op(0).op(0).op(0).op(0).op(0).op(0).op(0).op(1) // 2^64
        .str("d").op('G').op(0x3f).op(0xf8).op(0).op(0).op(0).op(0).op(0).op(0) // 1.5
        .str("e").op(']').op('(').op('N').op(0x88).op(0x89).op('e')
        .str("f").int1(1).int1(2).op(0x86)
        .str("g").op('h').op(0) // the dict itself, from the memo
        .op('u').stop();
    Map<?, ?> d = (Map<?, ?>) load(p);
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g"), List.copyOf(d.keySet()));
    assertEquals(7L, d.get("a"));
    assertEquals(-2L, d.get("b"));
    assertEquals(java.math.BigInteger.ONE.shiftLeft(64), d.get("c"));
    assertEquals(1.5, d.get("d"));
    assertEquals(List.of(PickleValue.NONE, true, false), d.get("e"));
    assertEquals(new PickleValue.Tuple(List.of(1L, 2L)), d.get("f"));
    assertTrue(d.get("g") == d);
  }

  @Test
  void buildsTensorsFromRebuildCallsAndStoragePersistentIds() throws Exception {
    byte[] p = new Pickle().global("collections", "OrderedDict").op(')').op('R').op('(')
        .str("w").global("torch._utils", "_rebuild_tensor_v2").op('(')
        .storage("0", 12).int1(2).int1(2).int1(3).op(0x86).int1(1).int1(2).op(0x86).op(0x89)
        .global("collections", "OrderedDict").op(')').op('R').op('t').op('R')
        .op('u').op('}').op('b').stop();
    Map<?, ?> d = (Map<?, ?>) load(p);
    PickleValue.Tensor t = (PickleValue.Tensor) d.get("w");
    assertEquals(new PickleValue.Storage(StorageType.FLOAT, "0", 12), t.storage());
    assertEquals(2, t.offset());
    assertArrayEquals(new int[] {2, 3}, t.size());
    assertArrayEquals(new long[] {1, 2}, t.stride());
  }

  @Test
  void refusesEveryOtherGlobalBeforeCallingIt() {
    TorchFormatException system = refused(new Pickle().global("os", "system").op('(').str("echo hi").op('t').op('R').stop());
    assertTrue(system.getMessage().startsWith("test.pt: refusing the pickle global 'os.system'"), system.getMessage());
    TorchFormatException eval = refused(new Pickle().str("builtins").str("eval").op(0x93).stop());
    assertTrue(eval.getMessage().contains("'builtins.eval'"), eval.getMessage());
    for (String[] g : List.of(new String[] {"torch", "load"}, new String[] {"torch._utils", "_rebuild_tensor"},
        new String[] {"__builtin__", "getattr"}, new String[] {"torch", "Storage"})) {
      TorchFormatException e = refused(new Pickle().global(g[0], g[1]).stop());
      assertTrue(e.getMessage().contains("'" + g[0] + "." + g[1] + "'"), e.getMessage());
    }
  }

  @Test
  void refusesCallsOfNonCallablesAndStatesOfNonDicts() {
    TorchFormatException storage = refused(new Pickle().global("torch", "FloatStorage").op(')').op('R').stop());
    assertTrue(storage.getMessage().contains("refusing to call 'torch.FloatStorage'"), storage.getMessage());
    TorchFormatException string = refused(new Pickle().str("x").op(')').op('R').stop());
    assertTrue(string.getMessage().contains("refusing to call a value of kind str"), string.getMessage());
    TorchFormatException build = refused(new Pickle().op(']').op('}').op('b').stop());
    assertTrue(build.getMessage().contains("refusing to set the state of a value of kind list"), build.getMessage());
  }

  @Test
  void refusesObjectBuildingOpcodesAndMalformedPickles() {
    for (int op : new int[] {'i', 'o', 0x81, 0x92, 'P', 0x82}) {
      TorchFormatException e = refused(new Pickle().op('(').op(op).stop());
      assertTrue(e.getMessage().contains("pickle opcode 0x" + Integer.toHexString(op)), e.getMessage());
    }
    assertTrue(refused(new Pickle().op('X').op(0x10).op(0).op(0).op(0).op('a').stop()).getMessage()
        .contains("beyond the"));
    assertTrue(refused(java.util.Arrays.copyOf(new Pickle().op('}').stop(), 3)).getMessage().contains("ends early"));
    assertTrue(refused(new Pickle().op('0').stop()).getMessage().contains("pops an empty stack"));
    assertTrue(refused(new Pickle().op('h').op(3).stop()).getMessage().contains("memo entry 3 was never stored"));
    assertTrue(refused(new Pickle().int1(1).int1(2).stop()).getMessage().contains("2 values on the stack"));
    assertTrue(refused(new Pickle().op('(').str("storage").op('t').op('Q').stop()).getMessage()
        .contains("is not ('storage', torch.XStorage, key, location, numel)"));
  }
}
