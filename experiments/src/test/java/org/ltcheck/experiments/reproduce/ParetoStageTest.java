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
      new ParetoPoint("L+1", 15, 30, false, 5_930_207, 101_455, 25_914, 2.41, 0.9993, 0.9842, true, 150.5);
  private static final ParetoPoint CONV_ONLY =
      new ParetoPoint(ParetoStage.CONV_ONLY, 15, 30, false, 900_000, 5_000, 825, 2.5, Double.NaN, Double.NaN, true, 3);

  @Test
  void pointsGoThroughTheJsonAsTheyAre() throws IOException {
    Path json = dir.resolve("pareto.json");
    com.fasterxml.jackson.databind.node.ObjectNode root = StageMarkers.JSON.createObjectNode();
    com.fasterxml.jackson.databind.node.ArrayNode rows = root.putArray("points");
    POINT.toJson(rows.addObject());
    CONV_ONLY.toJson(rows.addObject());
    AtomicFiles.writeString(json, StageMarkers.JSON.writeValueAsString(root));
    assertEquals(List.of(POINT, CONV_ONLY), ParetoStage.read(json));
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
  void theConvOnlyTargetEndsWithTheLastConvolution() throws IOException {
    org.ltcheck.model.Network convs = ParetoStage.convolutions(org.ltcheck.targets.MnistCnnTarget.bundled());
    assertEquals(3, convs.layers().size());
    assertTrue(convs.layers().get(2) instanceof org.ltcheck.model.Conv2d);
    assertEquals(959, org.ltcheck.build.TargetLayers.nonZeroParameters(org.ltcheck.build.TargetLayers.of(convs)));
  }

  @Test
  void settingsNeedAscendingBaseSetSizes() {
    List<Construction> both = List.of(Construction.L_PLUS_ONE, Construction.TWO_L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ParetoSettings(both, 0.01, List.of(8, 8), false, false, 1, 10, 0.01));
    assertTrue(e.getMessage().contains("[8, 8]"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ParetoSettings(both, 0.01, List.of(1), false, false, 1, 10, 0.01));
    assertThrows(IllegalArgumentException.class, () -> new ParetoSettings(List.of(), 0.01, List.of(8), false, false, 1, 10, 0.01));
    assertTrue(ParetoSettings.of(Preset.PAPER).theoryPoint());
    assertTrue(Files.notExists(dir.resolve("pareto")));
  }
}
