package org.ltcheck.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.testing.SmallTickets;
import org.ltcheck.theory.Construction;

class TicketFilesTest {
  @TempDir Path dir;

  @Test
  void roundTripGivesTheSameTicketForBothConstructions() throws IOException {
    for (Construction c : Construction.values()) {
      Ticket t = SmallTickets.ticket(c);
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
    Ticket t = SmallTickets.ticket(Construction.TWO_L);
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
