package org.ltcheck.certify;

import java.util.ArrayList;
import java.util.List;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.certify.LayerCertificate;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.data.Dataset;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.inference.ProgressListener;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Layer;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.simplify.DeadNeurons;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.ActivationKind;
import org.ltcheck.theory.ErrorPropagation;
import org.ltcheck.theory.LayerMagnitudes;

/**
 * The per-input certificate of PAPER §2b: the error recursion with the target's actual
 * activations of one input (per channel, the largest |h| over its positions) in place of the
 * domain-wide bounds. Sound for that input, and far tighter than the worst case.
 */
public final class PerInputBounds {
  private static final int BATCH = 250;

  private PerInputBounds() {}

  /**
   * Whether the per-input recursion covers {@code layers}: sequential layers (no shortcut) with
   * ReLU or identity activations, whose copies carry no linearisation error.
   */
  public static boolean applies(List<TargetLayer> layers) {
    for (TargetLayer t : layers) {
      ActivationKind k = t.activation().kind();
      if (t.hasSkip() || (k != ActivationKind.RELU && k != ActivationKind.IDENTITY)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A bound on max |ticket logit − target logit| for every image of {@code data}.
   *
   * @param network the target as a sequential CNN (conv/linear layers with activations, flatten)
   */
  public static double[] of(
      Network network, List<TargetLayer> layers, TicketCertificate certificate, Dataset data, int threads,
      ProgressListener progress) {
    return of(network, DeadNeurons.none(), layers, certificate, data, threads, progress);
  }

  /**
   * A bound on max |ticket logit − target logit| for every image of {@code data}, for a ticket
   * built for {@code network} without the channels {@code dead} (they are 0, so the activations
   * of the kept channels are those of the network).
   *
   * @param layers the target's weight layers without the dead channels (those the certificate checked)
   */
  public static double[] of(
      Network network, DeadNeurons dead, List<TargetLayer> layers, TicketCertificate certificate, Dataset data,
      int threads, ProgressListener progress) {
    if (!applies(layers)) {
      throw new IllegalArgumentException("per-input bounds cover sequential ReLU targets only");
    }
    List<LayerMagnitudes> magnitudes = OutputErrorBounds.magnitudes(layers);
    List<double[][]> propagation = new ArrayList<>();
    for (LayerCertificate c : certificate.layers()) {
      propagation.add(c.propagation());
    }
    double[] etas = certificate.layerErrors();
    int[] inputOf = weightLayerInputs(network);
    if (inputOf.length != layers.size()) {
      throw new IllegalArgumentException(
          "network has " + inputOf.length + " weight layers but the target has " + layers.size());
    }
    int n = data.size();
    double[] bounds = new double[n];
    try (InferenceEngine engine = new InferenceEngine(network, threads)) {
      for (int from = 0; from < n; from += BATCH) {
        int to = Math.min(n, from + BATCH);
        FloatTensor x = data.batch(from, to);
        List<FloatTensor> trace = engine.forwardTrace(x);
        for (int s = 0; s < to - from; s++) {
          List<double[]> inputs = new ArrayList<>();
          for (int l = 0; l < layers.size(); l++) {
            FloatTensor h = inputOf[l] < 0 ? x : trace.get(inputOf[l]);
            int channels = layers.get(l).inChannels() + dead.removedFrom(l - 1).length;
            inputs.add(dead.kept(l - 1, channelMaxima(h, s, channels)));
          }
          bounds[from + s] = ErrorPropagation.outputError(magnitudes, propagation, inputs, etas).outputBound();
        }
        progress.processed(to, n);
      }
    }
    return bounds;
  }

  /** For each weight layer, the index of the top-level layer whose output it reads (-1: the input). */
  private static int[] weightLayerInputs(Network network) {
    List<Integer> inputs = new ArrayList<>();
    int last = -1;
    List<Layer> ls = network.layers();
    for (int k = 0; k < ls.size(); k++) {
      Layer l = ls.get(k);
      if (l instanceof Conv2d || l instanceof Linear) {
        inputs.add(last);
      }
      // A flatten's output holds the same values as its input; keep pointing at the map.
      if (!(l instanceof org.ltcheck.model.Flatten)) {
        last = k;
      }
    }
    return inputs.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Largest |value| per channel of sample {@code s}, channels being contiguous blocks. */
  private static double[] channelMaxima(FloatTensor batch, int s, int channels) {
    int per = batch.size() / batch.dim(0);
    int positions = per / channels;
    double[] m = new double[channels];
    int base = s * per;
    for (int c = 0; c < channels; c++) {
      double max = 0;
      for (int p = 0; p < positions; p++) {
        max = Math.max(max, Math.abs(batch.get(base + c * positions + p)));
      }
      m[c] = max;
    }
    return m;
  }
}
