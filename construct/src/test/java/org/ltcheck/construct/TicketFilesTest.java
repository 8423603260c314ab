package org.ltcheck.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;

class TicketFilesTest {
  @TempDir Path dir;

  static Network smallTarget(long seed) {
    Random r = new Random(seed);
    return new Network(new int[] {1, 5, 5}, List.of(
        new Conv2d(tensor(r, 3, 1, 3, 3), tensor(r, 3), 1, 1), Activation.relu(),
        new Flatten(), new Linear(tensor(r, 2, 75), tensor(r, 2))));
  }

  static FloatTensor tensor(Random r, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextInt(4) == 0 ? 0f : (float) (2 * r.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  static Ticket ticket(Construction c) {
    return new TicketConstructor(new MinimumCardinalitySolver(6))
        .construct(smallTarget(3), ConstructionSettings.of(c, 0.02, 11).withThreads(1), null)
        .ticket();
  }

  @Test
  void roundTripGivesTheSameTicketForBothConstructions() throws IOException {
    for (Construction c : Construction.values()) {
      Ticket t = ticket(c);
      Path f = dir.resolve("t-" + c.name() + ".safetensors");
      TicketFiles.write(f, t, 0.02);
      assertEquals(t, TicketFiles.read(f));
      assertTrue(Files.exists(TicketFiles.manifestPath(f)));
      String manifest = Files.readString(TicketFiles.manifestPath(f));
      assertTrue(manifest.contains("\"construction\" : \"" + c.label() + "\""), manifest);
    }
  }

  @Test
  void aStoredValueThatDisagreesWithTheSeedIsRejected() throws IOException {
    Ticket t = ticket(Construction.TWO_L);
    Path f = dir.resolve("t.safetensors");
    TicketFiles.write(f, t, 0.02);
    byte[] bytes = Files.readAllBytes(f);
    // Flip the last float of the file: the last tensor written is the last layer's kept values.
    int at = bytes.length - 4;
    float v = ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v + 0.5f);
    Files.write(f, bytes);
    IOException e = assertThrows(IOException.class, () -> TicketFiles.read(f));
    assertTrue(e.getMessage().contains("the seed gives"), e.getMessage());
  }
}
