package org.ltcheck.simplify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.assess.ConstructionReport;
import org.ltcheck.assess.TaskProgress;
import org.ltcheck.assess.TicketAssessment;
import org.ltcheck.assess.TicketJob;
import org.ltcheck.assess.TicketOutputs;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayer;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.certify.TicketCertificate;
import org.ltcheck.certify.TicketVerifier;
import org.ltcheck.data.Normalization;
import org.ltcheck.differential.InputRegion;
import org.ltcheck.differential.OutputCertification;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.testing.TargetForward;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.Ticket;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.ticket.TicketNetworks;

class DeadNeuronFoldingTest {
  private static final int[] SHAPE = {1, 6, 6};
  private static final InputRegion DOMAIN = InputRegion.domain(SHAPE, Normalization.MNIST);

  @TempDir Path dir;

  /**
   * conv1 has three channels: 0 live, 1 without weights and with a negative bias (dead), 2
   * without weights or bias (dead); conv2 reads all three; then a dense head. {@code live1}
   * gives channel 1 a weight instead, so that it is live.
   */
  private static Network target(boolean live1) {
    Random r = new Random(5);
    float[] w1 = new float[3 * 9];
    for (int p = 0; p < 9; p++) {
      w1[p] = (float) (r.nextDouble() - 0.4);
    }
    if (live1) {
      w1[9 + 4] = 0.5f;
    }
    Conv2d conv1 = new Conv2d(FloatTensor.wrap(w1, 3, 1, 3, 3), FloatTensor.wrap(new float[] {0.1f, -0.2f, 0f}, 3), 1, 1);
    Conv2d conv2 = new Conv2d(uniform(r, 0.5, 2, 3, 3, 3), FloatTensor.wrap(new float[] {0.05f, -0.05f}, 2), 1, 1);
    Linear head = new Linear(uniform(r, 0.3, 3, 2 * 36), uniform(r, 0.3, 3));
    return new Network(SHAPE, List.of(conv1, Activation.relu(), conv2, Activation.relu(), new Flatten(), head));
  }

  /** The same target written without conv1's channels 1 and 2. */
  private static Network withoutDeadChannels() {
    Network t = target(false);
    Conv2d conv1 = (Conv2d) t.layers().get(0);
    Conv2d conv2 = (Conv2d) t.layers().get(2);
    float[] w1 = java.util.Arrays.copyOf(conv1.weight().toArray(), 9);
    float[] w2 = conv2.weight().toArray();
    float[] kept2 = new float[2 * 9];
    for (int j = 0; j < 2; j++) {
      System.arraycopy(w2, j * 27, kept2, j * 9, 9);
    }
    return new Network(SHAPE, List.of(
        new Conv2d(FloatTensor.wrap(w1, 1, 1, 3, 3), FloatTensor.wrap(new float[] {0.1f}, 1), 1, 1), Activation.relu(),
        new Conv2d(FloatTensor.wrap(kept2, 2, 1, 3, 3), conv2.bias(), 1, 1), Activation.relu(), new Flatten(),
        t.layers().get(5)));
  }

  private static FloatTensor uniform(Random r, double scale, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (scale * (2 * r.nextDouble() - 1));
    }
    return FloatTensor.wrap(v, shape);
  }

  private static double[] input(Random r) {
    double[] x = new double[36];
    for (int i = 0; i < x.length; i++) {
      x[i] = DOMAIN.lower()[i] + r.nextDouble() * (DOMAIN.upper()[i] - DOMAIN.lower()[i]);
    }
    return x;
  }

  @Test
  void channelsWithoutWeightsAndANonPositiveBiasAreFoundAndTheRestIsTheSameFunction() {
    List<TargetLayer> layers = TargetLayers.of(target(false));
    DeadNeurons dead = DeadNeuronFolding.find(layers, DOMAIN);
    assertEquals(new DeadNeurons(List.of(new int[] {1, 2}, new int[0], new int[0])), dead);
    List<TargetLayer> folded = dead.apply(layers);
    assertEquals(TargetLayers.of(withoutDeadChannels()), folded);
    assertEquals(TargetLayers.nonZeroParameters(layers) - 1 - 2 * 9 * 2, TargetLayers.nonZeroParameters(folded));
    Random r = new Random(1);
    for (int s = 0; s < 50; s++) {
      double[] x = input(r);
      double[][] original = TargetForward.outputs(layers, SHAPE, x);
      double[][] without = TargetForward.outputs(folded, SHAPE, x);
      assertArrayEquals(original[3], without[3], "the output, exactly");
    }
    assertEquals(List.of(), DeadNeuronFolding.unproved(layers, DOMAIN, dead));
  }

  @Test
  void aLiveChannelIsNeitherFoundNorAcceptedAsDead() {
    List<TargetLayer> layers = TargetLayers.of(target(true));
    assertEquals(new DeadNeurons(List.of(new int[] {2}, new int[0], new int[0])), DeadNeuronFolding.find(layers, DOMAIN));
    DeadNeurons wrong = new DeadNeurons(List.of(new int[] {1, 2}));
    List<String> why = DeadNeuronFolding.unproved(layers, DOMAIN, wrong);
    assertEquals(1, why.size(), why::toString);
    assertTrue(why.get(0).startsWith("target layer 0 channel 1 is removed but its pre-activation is in ["), why.get(0));
    assertThrows(IllegalArgumentException.class, () -> DeadNeuronFolding.fold(layers, DOMAIN, wrong));
    assertFalse(DeadNeuronFolding.unproved(layers, DOMAIN, new DeadNeurons(List.of(new int[0], new int[0], new int[] {0})))
        .isEmpty(), "the output layer keeps its channels");
  }

  @Test
  void theTicketForTheTargetWithoutDeadChannelsIsSmallerAndCertifiedAgainstTheOriginal() throws IOException {
    Network target = target(false);
    List<TargetLayer> layers = TargetLayers.of(target);
    ConstructionSettings settings = new ConstructionSettings(Construction.L_PLUS_ONE, 0.01, 3, 6, 12, 6, false, 1);
    ConstructionReport kept = job(target, false).run(settings, null, null, outputs("kept"), List.of(), new NoTasks());
    ConstructionReport removed = job(target, true).run(settings, null, null, outputs("removed"), List.of(), new NoTasks());
    Ticket ticket = TicketFiles.read(dir.resolve("removed.safetensors"));
    assertEquals(removed.result().ticket(), ticket);
    assertEquals(new DeadNeurons(List.of(new int[] {1, 2}, new int[0], new int[0])), ticket.deadNeurons());
    assertTrue(kept.result().ticket().deadNeurons().isEmpty());
    assertTrue(ticket.parameterCount() < kept.result().ticket().parameterCount(),
        ticket.parameterCount() + " vs " + kept.result().ticket().parameterCount());

    TicketCertificate certificate = TicketVerifier.certify(ticket, layers, settings, DOMAIN);
    assertTrue(certificate.valid(), certificate::toString);
    assertTrue(removed.certificate().valid());
    // Without the domain the removal cannot be proved; with a live channel claimed dead it is false.
    assertFalse(TicketVerifier.certify(ticket, layers, settings).valid());
    Ticket lying = ticket.withDeadNeurons(new DeadNeurons(List.of(new int[] {0, 1})));
    assertFalse(TicketVerifier.certify(lying, layers, settings, DOMAIN).valid());

    Network ticketNet = TicketNetworks.ticket(ticket);
    OutputCertification c = new OutputCertification(target, ticket.mother(), ticket.deadNeurons(), ticketNet,
        Normalization.MNIST, 1);
    double certified = c.certifier().bound(DOMAIN).maxAbsDifference();
    assertThrows(IllegalArgumentException.class, () -> new OutputCertification(target, ticket.mother(),
        lying.deadNeurons(), ticketNet, Normalization.MNIST, 1));
    Random r = new Random(2);
    float[] xs = new float[200 * 36];
    for (int s = 0; s < 200; s++) {
      double[] x = input(r);
      for (int i = 0; i < 36; i++) {
        xs[s * 36 + i] = (float) x[i];
      }
    }
    FloatTensor batch = FloatTensor.wrap(xs, 200, 1, 6, 6);
    float[] t;
    float[] k;
    try (InferenceEngine e = new InferenceEngine(target, 1)) {
      t = e.forward(batch).toArray();
    }
    try (InferenceEngine e = new InferenceEngine(ticketNet, 1)) {
      k = e.forward(batch).toArray();
    }
    for (int i = 0; i < t.length; i++) {
      assertTrue(Math.abs(t[i] - k[i]) <= certified, Math.abs(t[i] - k[i]) + " > " + certified);
    }
  }

  @Test
  void layersEndingOrFeedingAResidualBlockKeepTheirChannels() {
    List<TargetLayer> layers = TargetLayers.of(target(false));
    TargetLayer first = layers.get(0);
    TargetLayer second = layers.get(1);
    TargetLayer withSkip = new TargetLayer(second.kind(), second.outChannels(), second.inChannels(),
        second.kernelHeight(), second.kernelWidth(), second.stride(), second.padding(), second.inputHeight(),
        second.inputWidth(), second.weights(), second.bias(), second.activation(), second.before(),
        new org.ltcheck.build.TargetSkip(0, 3, 1, new double[2 * 3]));
    List<TargetLayer> residual = List.of(first, withSkip, layers.get(2));
    assertTrue(DeadNeuronFolding.find(residual, DOMAIN).isEmpty(), "conv1 feeds the shortcut");
    assertThrows(IllegalArgumentException.class,
        () -> new DeadNeurons(List.of(new int[] {1, 2})).apply(residual));
  }

  private TicketJob job(Network target, boolean removeDead) {
    return new TicketJob(new TicketAssessment(
        target, TargetLayers.of(target), "t", DOMAIN.maxAbs(), 0.01, 1, DOMAIN, removeDead));
  }

  private TicketOutputs outputs(String name) {
    return new TicketOutputs(dir.resolve(name + ".safetensors"), dir.resolve(name + ".report.json"));
  }

  private static final class NoTasks implements TicketJob.Progress {
    @Override
    public TaskProgress start(String task, long total) {
      return TaskProgress.NONE;
    }
  }
}
