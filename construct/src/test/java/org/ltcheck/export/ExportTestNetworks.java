package org.ltcheck.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ltcheck.model.Activation;
import org.ltcheck.model.AvgPool2d;
import org.ltcheck.model.BatchNorm2d;
import org.ltcheck.model.ChannelScale;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.GlobalAvgPool;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.model.ResidualBlock;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;

/**
 * The export tests' network with every layer type, and (run by hand, {@link #main}) the writer of
 * its committed exports {@code fixtures/pytorch/export/every_layer_type.export.*}, which
 * {@code make_pytorch_fixtures.py --check-export} ran in PyTorch.
 */
final class ExportTestNetworks {
  /** The stem of the committed exports. */
  static final String EVERY_LAYER_TYPE = "every_layer_type";

  private ExportTestNetworks() {}

  private static FloatTensor values(Random rnd, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (2 * rnd.nextDouble() - 1);
    }
    return FloatTensor.wrap(v, shape);
  }

  /**
   * Every layer type ltcheck's CPU inference runs, residual blocks with and without a shortcut layer
   * (max pooling joins when its kernel lands from branch maxpool).
   */
  static Network everyLayerType() {
    Random rnd = new Random(17);
    BatchNorm2d bn = new BatchNorm2d(values(rnd, 4), values(rnd, 4), values(rnd, 4),
        FloatTensor.of(new float[] {0.5f, 1, 1.5f, 2}, 4), BatchNorm2d.PYTORCH_EPS);
    List<Layer> body = List.of(new Conv2d(values(rnd, 4, 4, 3, 3), null, 1, 1), Activation.relu(),
        new Conv2d(values(rnd, 4, 4, 3, 3), values(rnd, 4), 1, 1));
    return new Network(new int[] {2, 8, 8}, List.of(
        new Conv2d(values(rnd, 4, 2, 3, 3), values(rnd, 4), 1, 1), bn, new Activation(ActivationKind.LEAKY_RELU, 0.1),
        new ResidualBlock(body, List.of(), Activation.relu()),
        new ResidualBlock(body, List.of(new ChannelScale(values(rnd, 4, 1, 1))), Activation.of(ActivationKind.TANH)),
        new AvgPool2d(2, 2), Activation.of(ActivationKind.SIGMOID),
        new ResidualBlock(List.of(new Conv2d(values(rnd, 6, 4, 1, 1), null, 2, 0)),
            List.of(new Conv2d(values(rnd, 6, 4, 1, 1), null, 2, 0)), Activation.of(ActivationKind.IDENTITY)),
        new GlobalAvgPool(), new Linear(values(rnd, 5, 6), values(rnd, 5)), Activation.relu(), new Flatten(),
        new Linear(values(rnd, 3, 5), null)));
  }

  /** Writes the exports of {@link #everyLayerType()} into the directory {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    for (ExportFormat f : ExportFormat.values()) {
      NetworkExport.write(Path.of(args[0], EVERY_LAYER_TYPE + ".export." + f.cliName()), everyLayerType(), f, Map.of());
    }
  }
}
