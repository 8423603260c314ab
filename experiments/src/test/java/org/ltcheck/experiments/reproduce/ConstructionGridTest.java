package org.ltcheck.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.theory.Construction;

class ConstructionGridTest {
  private static ConstructionGrid grid(List<Double> eps, List<Long> seeds, int rho) {
    return new ConstructionGrid(List.of(Construction.L_PLUS_ONE, Construction.TWO_L), eps, seeds, rho, 30, 0.01, 100);
  }

  @Test
  void cellsRunOverConstructionsThenDescendingEpsThenSeeds() {
    List<ConstructionGrid.Cell> cells = grid(List.of(0.01, 0.1), List.of(3L, 1L), 15).cells();
    assertEquals(8, cells.size());
    assertEquals(new ConstructionGrid.Cell(Construction.L_PLUS_ONE, 0.1, 3), cells.get(0));
    assertEquals(new ConstructionGrid.Cell(Construction.L_PLUS_ONE, 0.1, 1), cells.get(1));
    assertEquals(new ConstructionGrid.Cell(Construction.L_PLUS_ONE, 0.01, 3), cells.get(2));
    assertEquals(new ConstructionGrid.Cell(Construction.TWO_L, 0.01, 1), cells.get(7));
    assertEquals("Lplus1-eps0.1-seed3", cells.get(0).id());
    assertEquals(8, cells.stream().map(ConstructionGrid.Cell::id).distinct().count(), "ids name files: unique");
  }

  @Test
  void badValuesAreRejectedNamingThem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> grid(List.of(0.1, 0.1), List.of(1L), 15))
        .getMessage().contains("--eps"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> grid(List.of(1.5), List.of(1L), 15))
        .getMessage().contains("1.5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> grid(List.of(0.1), List.of(), 15))
        .getMessage().contains("--mother-seeds"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> grid(List.of(0.1), List.of(1L), 0))
        .getMessage().contains("rho"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> grid(List.of(0.1, 1e-300), List.of(1L), 15))
        .getMessage().startsWith("eps 1.0E-300 is below the smallest tolerance the construction can reach"));
  }

  @Test
  void thePresetsAreThePapersAndASmallerOne() {
    ReproductionSettings paper = Preset.PAPER.settings(Experiment.MNIST, 0);
    assertEquals(50, paper.training().epochs());
    assertEquals(12, paper.training().steps());
    assertEquals(0.1, paper.training().finalDensity());
    assertEquals(List.of(0.1, 0.05, 0.01), paper.grid().epsilons());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), paper.grid().motherSeeds());
    assertEquals(List.of(Construction.L_PLUS_ONE, Construction.TWO_L), paper.grid().constructions());
    assertEquals(15, paper.grid().rho());
    ReproductionSettings quick = Preset.QUICK.settings(Experiment.MNIST, 0);
    assertTrue(quick.training().maxBatches() > 0 && quick.grid().motherSeeds().size() == 1);
    assertEquals(paper.grid().constructions(), quick.grid().constructions());
  }
}
