package org.ltcheck.assess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TargetLayers;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.adversarial.DifferenceAscentLowerBound;
import org.ltcheck.adversarial.DifferenceSearchSettings;
import org.ltcheck.data.Dataset;
import org.ltcheck.data.Normalization;
import org.ltcheck.differential.OutputCertificate;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.MaxPool2d;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;

class TicketJobTest {
  @TempDir Path dir;

  private static final Network TARGET = new Network(new int[] {4}, List.of(
      new Linear(FloatTensor.wrap(new float[] {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.05f}, 2, 4),
          FloatTensor.wrap(new float[] {0.1f, -0.1f}, 2)),
      Activation.relu(),
      new Linear(FloatTensor.wrap(new float[] {0.5f, -0.5f, 0.25f, 0.75f}, 2, 2), FloatTensor.zeros(2))));

  private static TicketJob job() {
    return new TicketJob(new TicketAssessment(TARGET, TargetLayers.of(TARGET), "tiny", 1.0, 0.01, 1));
  }

  private static ConstructionSettings settings(double eta, int maxSubsetSize) {
    return new ConstructionSettings(Construction.TWO_L, eta, 3, 6, 12, maxSubsetSize, false, 1);
  }

  /** Records which tasks started: none may start when a job is refused. */
  private static final class Tasks implements TicketJob.Progress {
    final List<String> started = new ArrayList<>();

    @Override
    public TaskProgress start(String task, long total) {
      started.add(task);
      return TaskProgress.NONE;
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void writesTheSameTicketAsTheConstructorAndTheReportBesideIt() throws IOException {
    TicketOutputs out = new TicketOutputs(dir.resolve("t.safetensors"), dir.resolve("t.report.json"));
    ConstructionReport r = job().run(settings(0.01, 6), null, null, out, List.of(), new Tasks());
    Path expected = dir.resolve("direct/t.safetensors");
    ConstructionSettings s = settings(0.01, 6);
    TicketConstructor.Result direct = new TicketConstructor(new MinimumCardinalitySolver(6))
        .construct(TARGET, s, done -> {});
    TicketFiles.write(expected, direct.ticket(), s.eta());
    assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(out.ticket()));
    assertArrayEquals(Files.readAllBytes(dir.resolve("direct/t.json")), Files.readAllBytes(out.manifest()));
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    r.content().writeTo(report);
    assertArrayEquals(report.toByteArray(), Files.readAllBytes(out.report()));
    assertTrue(r.certificate().valid());
  }

  /**
   * The whole job for a CNN with max pooling (conv, ReLU, max pool 2x2, conv, ReLU, flatten,
   * linear) on MNIST-normalised 8x8 inputs, for both constructions: certified ticket, evaluation,
   * and an output certificate whose certified bound covers what the search finds.
   */
  @Test
  void aMaxPooledCnnGetsACertifiedTicketAndOutputCertificate() throws IOException {
    java.util.Random r = new java.util.Random(8);
    Network cnn = new Network(new int[] {1, 8, 8}, List.of(
        new Conv2d(values(r, 0.5, 3, 1, 3, 3), values(r, 0.2, 3), 1, 1), Activation.relu(), new MaxPool2d(2, 2, 0),
        new Conv2d(values(r, 0.5, 2, 3, 3, 3), values(r, 0.2, 2), 1, 1), Activation.relu(), new Flatten(),
        new Linear(values(r, 0.5, 3, 2 * 4 * 4), values(r, 0.2, 3))));
    int n = 6;
    float[] pixels = new float[n * 64];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = Normalization.MNIST.apply(0, r.nextInt(256));
    }
    Dataset test = new Dataset(FloatTensor.wrap(pixels, n, 1, 8, 8), new int[n], 3, "random images");
    OutputCertificateSection.Request certify = new OutputCertificateSection.Request(Normalization.MNIST, test,
        List.of(0.0, 1.0), new DifferenceAscentLowerBound(
            DifferenceSearchSettings.defaults().withStarts(2, 4, 2).withSteps(30).withSeed(8)));
    TicketJob job = new TicketJob(new TicketAssessment(cnn, TargetLayers.of(cnn), "max-pooled cnn", 2.83, 0.01, 1));
    for (Construction c : Construction.values()) {
      TicketOutputs out = new TicketOutputs(dir.resolve(c.name() + ".safetensors"), dir.resolve(c.name() + ".report.json"));
      ConstructionSettings s = new ConstructionSettings(c, 0.01, 3, 6, 12, 6, false, 1, 2.83);
      ConstructionReport r2 = job.run(s, test, null, certify, out, List.of(), new Tasks());
      assertTrue(r2.certificate().valid(), c + " certificate");
      OutputCertificate oc = ((OutputCertificateSection) r2.sections().get(r2.sections().size() - 1)).certificate();
      assertTrue(oc.global().found() <= oc.global().certified() && oc.global().certified() < Double.POSITIVE_INFINITY,
          () -> c + ": found " + oc.global().found() + ", certified " + oc.global().certified());
      assertEquals(TicketFiles.read(out.ticket()).mother().layers().size(), c == Construction.TWO_L ? 6 : 4);
    }
  }

  private static FloatTensor values(java.util.Random r, double max, int... shape) {
    float[] v = new float[Math.toIntExact(FloatTensor.numelOf(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((2 * r.nextDouble() - 1) * max);
    }
    return FloatTensor.wrap(v, shape);
  }

  @Test
  void anUnwritableReportOrAnUnreachableToleranceIsRefusedBeforeTheConstruction() throws IOException {
    Path file = Files.writeString(dir.resolve("afile"), "x");
    Tasks tasks = new Tasks();
    IOException e = assertThrows(IOException.class, () -> job().run(settings(0.01, 6), null, null,
        new TicketOutputs(dir.resolve("t.safetensors"), file.resolve("r.json")), List.of(), tasks));
    assertTrue(e.getMessage().contains("afile is a file, not a directory"), e.getMessage());
    assertThrows(ToleranceLimits.UnreachableToleranceException.class, () -> job().run(settings(1e-12, 6), null, null,
        new TicketOutputs(dir.resolve("t.safetensors"), null), List.of(), tasks));
    assertEquals(List.of(), tasks.started);
    assertEquals(List.of("afile"), files());
  }

  @Test
  void aSubsetSumProblemTheConstructionGivesUpOnBecomesAFailureWithTheSettings() throws IOException {
    // Single-term subsets: the bound admits 5e-4, but most problems find no single copy that close.
    TicketJob.ConstructionFailedException e = assertThrows(TicketJob.ConstructionFailedException.class,
        () -> job().run(settings(5e-4, 1), null, null, new TicketOutputs(dir.resolve("t.safetensors"), null),
            List.of(), new Tasks()));
    assertTrue(e.getMessage().startsWith("the 2L construction at eps 5.0E-4 with seed 3 failed: "), e.getMessage());
    assertEquals(List.of(), files(), "nothing written");
  }
}
