package org.ltcheck.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  @TempDir Path tmp;

  @Test
  void knownVectors() {
    // FIPS 180-2 test vectors.
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void fileHashEqualsArrayHashAcrossBufferBoundaries() throws Exception {
    byte[] data = new byte[200_003];
    new Random(4).nextBytes(data);
    Path f = Files.write(tmp.resolve("d.bin"), data);
    assertEquals(Sha256.hex(data), Sha256.hex(f));
  }

  @Test
  void mismatchMessageNamesFileAndBothHashes() throws Exception {
    Path f = Files.write(tmp.resolve("t10k-images-idx3-ubyte"), new byte[] {1, 2, 3});
    String expected = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7";
    ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> Sha256.verify(f, expected));
    String actual = Sha256.hex(new byte[] {1, 2, 3});
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(actual) && e.getMessage().contains(expected), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertEquals(actual, e.actual());
  }

  @Test
  void verificationIgnoresHexCase() throws Exception {
    byte[] data = {9, 8, 7};
    Sha256.verify("x", data, Sha256.hex(data).toUpperCase(java.util.Locale.ROOT));
  }
}
