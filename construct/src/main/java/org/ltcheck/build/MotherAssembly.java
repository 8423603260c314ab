package org.ltcheck.build;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ltcheck.mother.ChannelId;
import org.ltcheck.mother.MotherLayerSpec;
import org.ltcheck.mother.MotherSpec;
import org.ltcheck.ticket.LayerMask;
import org.ltcheck.ticket.Ticket;

/**
 * Freezes the layers a {@link ConstructionRun} built into a {@link Ticket}: one
 * {@link MotherLayerSpec} per mother layer (channel ids in tensor order, shortcut source and
 * geometry) and one sparse {@link LayerMask} of the edges, shortcut edges and biases kept.
 */
final class MotherAssembly {
  private MotherAssembly() {}

  static Ticket freeze(List<LayerBuild> layers, int[] inputShape, ConstructionSettings settings) {
    List<MotherLayerSpec> specs = new ArrayList<>();
    List<LayerMask> masks = new ArrayList<>();
    long[] inputIds = new long[inputShape[0]];
    for (int g = 0; g < inputIds.length; g++) {
      inputIds[g] = ChannelId.of(g, 0);
    }
    for (LayerBuild l : layers) {
      List<Channel> order = l.channelsInOrder();
      long[] ids = idsOf(order);
      TargetLayer t = l.target;
      boolean sum = l.role == MotherLayerSpec.Role.SUM;
      long[] skipIds = l.skipSource == null ? new long[0] : idsOf(l.skipSource.channelsInOrder());
      MotherLayerSpec spec = new MotherLayerSpec(
          l.index, l.role, l.kind, sum ? t.kernelHeight() : 1, sum ? t.kernelWidth() : 1, sum ? t.stride() : 1,
          l.padding, l.inputHeight, l.inputWidth, l.flattenBefore, inputIds, ids, l.scale,
          l.activation, sum ? l.targetIndex : -1, l.poolBefore, l.skipSource == null ? -1 : l.skipSource.index,
          l.skipStride, l.skipKernel, skipIds, l.skipScale, l.maxPoolBefore);
      specs.add(spec);
      masks.add(mask(spec, order));
      inputIds = ids;
    }
    return new Ticket(new MotherSpec(settings.seed(), settings.construction(), inputShape, specs), masks);
  }

  private static long[] idsOf(List<Channel> order) {
    long[] ids = new long[order.size()];
    for (int k = 0; k < ids.length; k++) {
      ids[k] = order.get(k).id;
    }
    return ids;
  }

  private static LayerMask mask(MotherLayerSpec spec, List<Channel> order) {
    Map<Long, Integer> inputIndex = indexOf(spec.inputChannelIds());
    Map<Long, Integer> skipIndex = indexOf(spec.skipInputChannelIds());
    long count = 0;
    long skipCount = 0;
    for (Channel c : order) {
      count += c.edgeCount();
      skipCount += c.skipEdgeCount();
    }
    long[] kept = new long[Math.toIntExact(count)];
    long[] keptSkip = new long[Math.toIntExact(skipCount)];
    int n = 0;
    int m = 0;
    List<Integer> biases = new ArrayList<>();
    for (int o = 0; o < order.size(); o++) {
      Channel c = order.get(o);
      for (int e = 0; e < c.edgeCount(); e++) {
        kept[n++] = spec.weightIndex(o, inputIndex.get(c.edgeInput(e)), c.edgePosition(e));
      }
      for (int e = 0; e < c.skipEdgeCount(); e++) {
        keptSkip[m++] = spec.skipWeightIndex(o, skipIndex.get(c.skipEdgeInput(e)), c.skipEdgePosition(e));
      }
      if (c.keepBias) {
        biases.add(o);
      }
    }
    Arrays.sort(kept);
    Arrays.sort(keptSkip);
    return new LayerMask(kept, biases.stream().mapToInt(Integer::intValue).toArray(), keptSkip);
  }

  private static Map<Long, Integer> indexOf(long[] ids) {
    Map<Long, Integer> index = new HashMap<>();
    for (int k = 0; k < ids.length; k++) {
      index.put(ids[k], k);
    }
    return index;
  }

}
