package org.ltcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ltcheck.build.ConstructionSettings;
import org.ltcheck.build.TicketConstructor;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.subsetsum.MinimumCardinalitySolver;
import org.ltcheck.targets.MnistCnnTarget;
import org.ltcheck.theory.Construction;

class CertifyCommandTest {
  @TempDir Path dir;

  @Test
  void aMissingTicketIsOneLineAndExitTwo() {
    CliRun r = CliRun.of("certify", "--ticket", dir.resolve("none.safetensors").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("none.safetensors"), r.err());
  }

  @Test
  void theGlobalCertificateOfAnMnistTicketIsWrittenAsJson() throws IOException {
    ConstructionSettings s = ConstructionSettings.of(Construction.TWO_L, 0.01, 1).withThreads(1);
    Path ticket = dir.resolve("t.safetensors");
    TicketFiles.write(ticket, new TicketConstructor(new MinimumCardinalitySolver(s.maxSubsetSize()))
        .construct(MnistCnnTarget.bundled(), s, null).ticket(), s.eta());
    Path report = dir.resolve("r.json");
    CliRun r = CliRun.of("certify", "--ticket", ticket.toString(), "--images", "0", "--threads", "1", "--report",
        report.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("output certificate"), r.out());
    JsonNode c = new ObjectMapper().readTree(report.toFile()).get("outputCertificate");
    double certified = c.get("global").get("certified").asDouble();
    double found = c.get("global").get("found").asDouble();
    // Measured 212.5 for this ticket (2,727 a priori); the sampled lower bound is about 2.
    assertTrue(found > 0 && certified >= found && certified < 2727, () -> "certified " + certified + ", found " + found);
    assertEquals(0, c.get("local").size());
  }
}
