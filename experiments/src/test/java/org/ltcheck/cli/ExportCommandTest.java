package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.export.NetworkExport;
import org.ltcheck.io.safetensors.SafetensorsFile;
import org.ltcheck.model.Activation;
import org.ltcheck.model.Conv2d;
import org.ltcheck.model.Flatten;
import org.ltcheck.model.Linear;
import org.ltcheck.model.Network;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.tensor.FloatTensor;
import org.ltcheck.theory.Construction;
import org.ltcheck.ticket.TicketFiles;

class ExportCommandTest {
  @TempDir Path dir;

  private Path smallTicket() throws IOException {
    java.util.Random rnd = new java.util.Random(5);
    float[] head = new float[32];
    for (int i = 0; i < head.length; i++) {
      head[i] = (float) (rnd.nextDouble() - 0.5);
    }
    Network target = new Network(new int[] {1, 4, 4}, List.of(
        new Conv2d(FloatTensor.of(new float[] {0.5f, -0.25f, 0.75f, 0.1f, -0.6f, 0.3f, 0.2f, 0.4f, -0.1f}, 1, 1, 3, 3),
            FloatTensor.of(new float[] {0.05f}, 1), 1, 1),
        Activation.relu(), new Flatten(),
        new Linear(FloatTensor.of(head, 2, 16), FloatTensor.of(new float[] {0.2f, -0.3f}, 2))));
    ConstructionSettings s = ConstructionSettings.of(Construction.TWO_L, 0.01, 3).withThreads(1);
    Path ticket = dir.resolve("t.safetensors");
    TicketFiles.write(ticket, new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize()))
        .construct(target, s, null).ticket(), s.eta());
    return ticket;
  }

  @Test
  void everyFormatIsWrittenAndNamedOnOneLine() throws IOException {
    Path ticket = smallTicket();
    for (String format : List.of("onnx", "safetensors", "pt")) {
      Path out = dir.resolve("export." + format);
      CliRun r = CliRun.of("export", "--ticket", ticket.toString(), "--format", format, "--output", out.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains(out.toString()) && r.out().contains(format), r.out());
      assertTrue(Files.size(out) > 0, format);
    }
    SafetensorsFile f = SafetensorsFile.read(dir.resolve("export.safetensors"));
    assertTrue(f.metadata().get(NetworkExport.LAYERS_KEY).contains("\"conv2d\""));
    assertFalse(f.metadata().containsKey("ltcheck.normalization"), "a 1x4x4 input is no data set's image");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws IOException {
    Path ticket = smallTicket();
    for (List<String> args : List.of(
        List.of("--ticket", dir.resolve("none.safetensors").toString(), "--format", "pt", "--output", "x.pt"),
        List.of("--ticket", ticket.toString(), "--format", "tflite", "--output", dir.resolve("x").toString()),
        List.of("--ticket", ticket.toString(), "--format", "pt", "--output", ticket.toString()),
        List.of("--ticket", ticket.toString(), "--format", "pt", "--output", dir.toString()),
        List.of("--ticket", ticket.toString(), "--format", "pt", "--dataset", "mnist", "--output",
            dir.resolve("y.pt").toString()))) {
      List<String> all = new java.util.ArrayList<>(List.of("export"));
      all.addAll(args);
      CliRun r = CliRun.of(all.toArray(String[]::new));
      assertEquals(2, r.exitCode(), args + ": " + r.err());
      assertEquals(1, r.errLines(), args + ": " + r.err());
    }
    assertFalse(Files.exists(dir.resolve("y.pt")));
  }
}
