package org.ltcheck.io.torch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few pickle opcodes (protocol 2) that a {@code torch.save} state dict needs. No memo: every
 * global is written out again, which any unpickler reads and which keeps the writer stateless.
 */
final class PickleWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  PickleWriter protocol2() {
    out.write(0x80);
    out.write(2);
    return this;
  }

  /** GLOBAL: {@code module.name} (the callable or class the unpickler looks up). */
  PickleWriter global(String module, String name) {
    out.write('c');
    ascii(module + "\n" + name + "\n");
    return this;
  }

  PickleWriter mark() {
    out.write('(');
    return this;
  }

  /** TUPLE: the items since the last mark. */
  PickleWriter tuple() {
    out.write('t');
    return this;
  }

  PickleWriter emptyTuple() {
    out.write(')');
    return this;
  }

  /** A tuple of ints (sizes, strides). */
  PickleWriter intTuple(int[] values) {
    if (values.length == 0) {
      return emptyTuple();
    }
    mark();
    for (int v : values) {
      integer(v);
    }
    return tuple();
  }

  /** REDUCE: calls the callable below the argument tuple on top. */
  PickleWriter reduce() {
    out.write('R');
    return this;
  }

  /** BINPERSID: the tuple on top is a persistent id (a storage record of the zip). */
  PickleWriter persistentId() {
    out.write('Q');
    return this;
  }

  /** SETITEMS: the key/value pairs since the last mark go into the dict below it. */
  PickleWriter setItems() {
    out.write('u');
    return this;
  }

  PickleWriter bool(boolean v) {
    out.write(v ? 0x88 : 0x89);
    return this;
  }

  /** BININT1, BININT2 or BININT, the shortest that holds {@code v}. */
  PickleWriter integer(long v) {
    if (v >= 0 && v < 256) {
      out.write('K');
      out.write((int) v);
    } else if (v >= 0 && v < 65536) {
      out.write('M');
      out.write((int) v & 0xff);
      out.write((int) (v >>> 8) & 0xff);
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      out.write('J');
      littleEndian(v, 4);
    } else {
      out.write(0x8a); // LONG1: a little-endian two's-complement integer of 8 bytes
      out.write(8);
      littleEndian(v, 8);
    }
    return this;
  }

  /** BINUNICODE: a UTF-8 string. */
  PickleWriter string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write('X');
    littleEndian(b.length, 4);
    out.writeBytes(b);
    return this;
  }

  byte[] stop() {
    out.write('.');
    return out.toByteArray();
  }

  private void ascii(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  private void littleEndian(long v, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }
}
