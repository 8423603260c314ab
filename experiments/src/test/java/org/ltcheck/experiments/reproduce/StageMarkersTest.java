package org.ltcheck.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage is finished exactly when its marker carries the same fingerprint. */
class StageMarkersTest {
  @TempDir Path out;

  @Test
  void absentDoneAndStale() throws IOException {
    Path marker = out.resolve("train").resolve("stage.json");
    assertEquals(StageMarkers.State.ABSENT, StageMarkers.state(marker, "a"));
    assertFalse(StageMarkers.finished(marker, "train", "a"));
    Path model = out.resolve("train").resolve("model.safetensors");
    StageMarkers.write(marker, StageMarkers.marker("train", "a", 1.5, out, List.of(model)));
    assertEquals(StageMarkers.State.DONE, StageMarkers.state(marker, "a"));
    assertTrue(StageMarkers.finished(marker, "train", "a"));
    assertEquals(StageMarkers.State.STALE, StageMarkers.state(marker, "b"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StageMarkers.finished(marker, "train", "b"));
    assertTrue(e.getMessage().contains("other settings") && e.getMessage().contains(out.resolve("train").toString()),
        e.getMessage());

    StageOutcome o = StageMarkers.outcome(marker, out);
    assertEquals(new StageOutcome("train", true, 1.5, List.of(model)), o);
  }

  @Test
  void aMarkerThatIsNotAStageRecordIsAnIoError() throws IOException {
    Path marker = out.resolve("stage.json");
    Files.writeString(marker, "{\"stage\": \"train\"}");
    assertTrue(assertThrows(IOException.class, () -> StageMarkers.state(marker, "a")).getMessage().contains("no fingerprint"));
    Files.writeString(marker, "{ truncated");
    assertTrue(assertThrows(IOException.class, () -> StageMarkers.state(marker, "a")).getMessage()
        .contains("not a JSON stage record"));
  }
}
