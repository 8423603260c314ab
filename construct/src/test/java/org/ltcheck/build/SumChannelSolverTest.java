package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.subsetsum.SubsetSumSolver;

class SumChannelSolverTest {
  @Test
  void aGroupThatFitsIsTheSolversBaseSetItself() {
    List<Channel> group = copies(SubsetSumSolver.MAX_BASE_SET_SIZE);
    assertSame(group, SumChannelSolver.window(group, SubsetSumSolver.MAX_BASE_SET_SIZE));
  }

  @Test
  void aGrownGroupOffersItsNewestCopiesAsACopy() {
    List<Channel> group = copies(SubsetSumSolver.MAX_BASE_SET_SIZE + 7);
    List<Channel> window = SumChannelSolver.window(group, SubsetSumSolver.MAX_BASE_SET_SIZE);
    assertNotSame(group, window);
    assertEquals(SubsetSumSolver.MAX_BASE_SET_SIZE, window.size());
    assertEquals(group.subList(7, group.size()), window);
    group.add(new Channel(ChannelId.of(0, 99), 1.0, false));
    assertEquals(SubsetSumSolver.MAX_BASE_SET_SIZE, window.size());
  }

  private static List<Channel> copies(int n) {
    List<Channel> g = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      g.add(new Channel(ChannelId.of(0, k), 1.0, false));
    }
    return g;
  }
}
