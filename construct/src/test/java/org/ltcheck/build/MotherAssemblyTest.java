package org.ltcheck.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.model.Activation;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.LayerMask;
import org.ltcheck.ticket.Ticket;

class MotherAssemblyTest {
  private static final long BIAS = ChannelId.of(ChannelId.BIAS_GROUP, 0);

  /** A dense target 2 → 1 and, by hand, its 2L mother: a copy layer (one copy each, one constant) and a sum layer. */
  private final TargetLayer target = new TargetLayer(
      TargetLayer.Kind.DENSE, 1, 2, 1, 1, 1, 0, 1, 1, new double[] {0.5, -0.25}, new double[] {0.1},
      Activation.of(ActivationKind.IDENTITY), TargetLayer.Reshape.NONE, null);
  private final LayerBuild copy = LayerBuild.copyLayer(0, target, 0)
      .kind(TargetLayer.Kind.DENSE).reads(null, 2, 1, 1).groups(2).weightScale(2.0).activation(Activation.relu())
      .build();
  private final LayerBuild sum = LayerBuild.sumLayer(1, target, 0)
      .reads(copy, 3, 1, 1).groups(1).weightScale(1.0).activation(target.activation()).build();
  private final ConstructionSettings settings = ConstructionSettings.of(Construction.TWO_L, 0.01, 7);

  MotherAssemblyTest() {
    Channel c0 = new Channel(ChannelId.of(0, 0), 1.5, false);
    c0.keep(ChannelId.of(0, 0), 0);
    Channel c1 = new Channel(ChannelId.of(1, 0), -0.7, false);
    c1.keep(ChannelId.of(1, 0), 0);
    copy.copies.get(0).add(c0);
    copy.copies.get(1).add(c1);
    copy.constants.add(new Channel(BIAS, 0.9, true));
    Channel out = new Channel(ChannelId.of(0, 0), 1.0, false);
    // kept in solving order, not tensor order
    out.keep(BIAS, 0);
    out.keep(ChannelId.of(1, 0), 0);
    out.keep(ChannelId.of(0, 0), 0);
    sum.copies.get(0).add(out);
  }

  @Test
  void everyLayerBecomesASpecWithItsChannelIdsInTensorOrder() {
    Ticket ticket = MotherAssembly.freeze(List.of(copy, sum), new int[] {2}, settings);
    MotherSpec mother = ticket.mother();
    assertEquals(7, mother.seed());
    assertEquals(Construction.TWO_L, mother.construction());
    assertArrayEquals(new int[] {2}, mother.inputShape());
    MotherLayerSpec c = mother.layers().get(0);
    MotherLayerSpec s = mother.layers().get(1);
    assertEquals(MotherLayerSpec.Role.COPY, c.role());
    assertEquals(-1, c.targetLayer());
    assertArrayEquals(new long[] {ChannelId.of(0, 0), ChannelId.of(1, 0)}, c.inputChannelIds());
    assertArrayEquals(new long[] {ChannelId.of(0, 0), ChannelId.of(1, 0), BIAS}, c.channelIds());
    assertEquals(2.0, c.weightScale());
    assertEquals(MotherLayerSpec.Role.SUM, s.role());
    assertEquals(0, s.targetLayer());
    assertArrayEquals(c.channelIds(), s.inputChannelIds());
    assertArrayEquals(new long[] {ChannelId.of(0, 0)}, s.channelIds());
    assertEquals(1, s.kernelHeight());
    assertEquals(false, s.hasSkip());
  }

  @Test
  void masksListTheKeptEdgesSortedAndTheBiasesOfConstantChannels() {
    Ticket ticket = MotherAssembly.freeze(List.of(copy, sum), new int[] {2}, settings);
    LayerMask copyMask = ticket.masks().get(0);
    // copy o keeps its edge from input o: flat index o * 2 + o
    assertArrayEquals(new long[] {0, 3}, copyMask.keptWeights());
    assertArrayEquals(new int[] {2}, copyMask.keptBiases());
    LayerMask sumMask = ticket.masks().get(1);
    assertArrayEquals(new long[] {0, 1, 2}, sumMask.keptWeights());
    assertArrayEquals(new int[0], sumMask.keptBiases());
    assertEquals(6, ticket.parameterCount());
  }

  @Test
  void aShortcutRecordsItsSourceGeometryAndKeptEdges() {
    sum.skipSource = copy;
    sum.skipScale = 3.0;
    sum.copies.get(0).get(0).keepSkip(ChannelId.of(1, 0), 0);
    Ticket ticket = MotherAssembly.freeze(List.of(copy, sum), new int[] {2}, settings);
    MotherLayerSpec s = ticket.mother().layers().get(1);
    assertEquals(0, s.skipSource());
    assertEquals(3.0, s.skipWeightScale());
    assertArrayEquals(ticket.mother().layers().get(0).channelIds(), s.skipInputChannelIds());
    assertArrayEquals(new long[] {1}, ticket.masks().get(1).keptSkipWeights());
  }
}
