package org.ltcheck.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.fixtures.PyTorchReference;
import org.ltcheck.inference.InferenceEngine;
import org.ltcheck.targets.TargetDataset;
import org.ltcheck.tensor.FloatTensor;

/**
 * A ticket exported by ltcheck runs in PyTorch without ltcheck and gives ltcheck's logits. The
 * committed fixture ({@code fixtures/pytorch/export/}, commands in
 * {@code experiments/scripts/make_pytorch_fixtures.py}): a 2L ticket (ε = 0.01, seed 1) of a small
 * open_lth {@code cifar_resnet_8} at width 2, so residual blocks, strided shortcuts and the pooled
 * head are covered; its three exports; and, per export, the logits PyTorch 1.13 computed on the
 * {@code cifar_resnet_32} reference batch after rebuilding the network from the file alone.
 */
class TicketExportTest {
  private static final String DIR = "export/";
  private static final String TICKET = "ticket-2L-seed1";
  private static final double RELATIVE = 1e-5;

  @TempDir Path tmp;

  @Test
  void ticketLogitsMatchPyTorchOnEveryExportedFormat() throws IOException {
    TicketExport export = TicketExport.read(PyTorchReference.file(DIR + TICKET + ".safetensors"), Optional.empty());
    for (ExportFormat f : ExportFormat.values()) {
      String checked = DIR + TICKET + ".export." + f.cliName() + ".pytorch.json";
      PyTorchReference batch = PyTorchReference.load(
          PyTorchReference.json(checked).get("reference").asText().replace(".reference.json", ""));
      FloatTensor ltcheck;
      try (InferenceEngine engine = new InferenceEngine(export.network(), 1)) {
        ltcheck = engine.forward(batch.inputs());
      }
      PyTorchReference.assertLogitsMatch(PyTorchReference.logits(checked), ltcheck, RELATIVE, checked);
    }
  }

  /** The committed exports are what the exporter writes today, so PyTorch's check covers it. */
  @Test
  void exportsAreByteIdenticalToTheFilesPyTorchChecked() throws IOException {
    Path ticket = tmp.resolve(TICKET + ".safetensors");
    Files.copy(PyTorchReference.file(DIR + TICKET + ".safetensors"), ticket);
    TicketExport export = TicketExport.read(ticket, Optional.empty());
    assertEquals(Optional.of(TargetDataset.CIFAR10), export.dataset());
    for (ExportFormat f : ExportFormat.values()) {
      Path out = tmp.resolve("again." + f.cliName());
      export.write(out, f);
      assertArrayEquals(Files.readAllBytes(PyTorchReference.file(DIR + TICKET + ".export." + f.cliName())),
          Files.readAllBytes(out), f.cliName());
    }
  }

  @Test
  void aDatasetWithOtherImagesIsRefusedNamingBothShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TicketExport.read(PyTorchReference.file(DIR + TICKET + ".safetensors"), Optional.of(TargetDataset.MNIST)));
    assertEquals(true, e.getMessage().contains("1x28x28") && e.getMessage().contains("3x32x32"), e.getMessage());
  }
}
