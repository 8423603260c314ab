package org.ltcheck.assess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.simplify.DeadNeurons;

/**
 * The report section {@code deadNeurons}: the target channels proved 0 over the whole input
 * domain and left out of the construction (the certificate proves them again), per target layer,
 * with the target's nonzero parameters before and after.
 *
 * @param removed the removed channels
 * @param original the target's weight layers
 * @param built the weight layers the ticket was built for (the original without the removed channels)
 */
public record DeadNeuronSection(DeadNeurons removed, List<TargetLayer> original, List<TargetLayer> built)
    implements ReportSection {
  private static final ObjectMapper JSON = new ObjectMapper();

  public DeadNeuronSection {
    Objects.requireNonNull(removed, "removed");
    original = List.copyOf(original);
    built = List.copyOf(built);
  }

  @Override
  public String name() {
    return "deadNeurons";
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("removedChannels", removed.count());
    root.put("targetParams", TargetLayers.nonZeroParameters(original));
    root.put("targetParamsAfterRemoval", TargetLayers.nonZeroParameters(built));
    ArrayNode layers = root.putArray("layers");
    for (int l = 0; l < original.size(); l++) {
      ObjectNode n = layers.addObject();
      n.put("index", l);
      n.put("channels", original.get(l).outChannels());
      ArrayNode channels = n.putArray("removed");
      for (int c : removed.removedFrom(l)) {
        channels.add(c);
      }
      n.put("targetParams", original.get(l).nonZeroWeights() + original.get(l).nonZeroBiases());
      n.put("targetParamsAfterRemoval", built.get(l).nonZeroWeights() + built.get(l).nonZeroBiases());
    }
    return root;
  }
}
