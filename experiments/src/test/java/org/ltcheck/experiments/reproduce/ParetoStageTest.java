package org.ltcheck.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.theory.Construction;

class ParetoStageTest {
  @TempDir Path dir;

  private static final ParetoPoint POINT =
      new ParetoPoint("L+1", 15, 30, false, 5_930_207, 101_455, 47_766, 25_914, 2.41, 0.9993, 0.9842, true, 150.5);

  @Test
  void pointsGoThroughTheJsonAsTheyAre() throws IOException {
    Path json = dir.resolve("pareto.json");
    com.fasterxml.jackson.databind.node.ObjectNode root = StageMarkers.JSON.createObjectNode();
    POINT.toJson(root.putArray("points").addObject());
    AtomicFiles.writeString(json, StageMarkers.JSON.writeValueAsString(root));
    assertEquals(List.of(POINT), ParetoStage.read(json));
  }

  @Test
  void theTableNamesBothReferences() {
    String md = ParetoStage.markdown(ParetoSettings.of(Preset.QUICK), List.of(POINT),
        List.of(new ParetoStage.TheoryWidth("L+1", 43, 104, false)));
    assertTrue(md.contains("| L+1 "), md);
    assertTrue(md.contains("101,455"), md);
    assertTrue(md.contains("4,534 ± 55"), md);
    assertTrue(md.contains("| Pensia et al."), md);
    assertTrue(md.contains("9.4"), md);
    assertTrue(md.contains("L+1 at η = 0.01, δ = 0.01: ρ = 43, ρ₁ = 104, beyond this build's construction"), md);
  }

  @Test
  void settingsNeedAscendingBaseSetSizes() {
    List<Construction> both = List.of(Construction.L_PLUS_ONE, Construction.TWO_L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ParetoSettings(both, 0.01, List.of(8, 8), false, 1, 10, 0.01));
    assertTrue(e.getMessage().contains("[8, 8]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ParetoSettings(both, 0.01, List.of(1), false, 1, 10, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new ParetoSettings(List.of(), 0.01, List.of(8), false, 1, 10, 0.01));
    assertTrue(ParetoSettings.of(Preset.PAPER).theoryPoint());
    assertTrue(Files.notExists(dir.resolve("pareto")));
  }
}
