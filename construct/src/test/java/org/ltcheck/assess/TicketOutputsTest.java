package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketOutputsTest {
  @TempDir Path dir;

  @Test
  void theManifestLiesBesideTheTicket() {
    TicketOutputs o = new TicketOutputs(dir.resolve("t.safetensors"), dir.resolve("t.report.json"));
    assertEquals(List.of(dir.resolve("t.safetensors"), dir.resolve("t.json"), dir.resolve("t.report.json")), o.paths());
    assertEquals(2, new TicketOutputs(dir.resolve("t.safetensors"), null).paths().size());
  }

  @Test
  void outputsThatAreOneFileOrAnInputAreRefusedAlsoThroughLinks() throws IOException {
    Path ticket = dir.resolve("t.safetensors");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TicketOutputs(ticket, dir.resolve("t.json")).check(List.of()));
    assertTrue(e.getMessage().contains("the report " + dir.resolve("t.json") + " would be the same file as the manifest"),
        e.getMessage());
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
    assertThrows(IllegalArgumentException.class,
        () -> new TicketOutputs(ticket, link.resolve("t.safetensors")).check(List.of()));
    Path target = Files.writeString(dir.resolve("target.safetensors"), "x");
    e = assertThrows(IllegalArgumentException.class,
        () -> new TicketOutputs(link.resolve("target.safetensors"), null).check(List.of(target)));
    assertTrue(e.getMessage().contains("the input " + target), e.getMessage());
    new TicketOutputs(ticket, dir.resolve("t.report.json")).check(List.of(target));
  }
}
