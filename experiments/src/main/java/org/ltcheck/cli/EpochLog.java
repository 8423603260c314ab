package org.ltcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ltcheck.gpu.run.EpochRecord;
import org.ltcheck.io.AtomicFiles;

/**
 * The {@code --log} file: JSON Lines, one object per epoch. The whole file is rewritten
 * atomically after each epoch, so it is never half-written; on resume, lines of epochs that
 * will be run again are dropped so that the log matches the checkpoint.
 */
final class EpochLog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final boolean pruning;
  private final List<String> lines = new ArrayList<>();

  private EpochLog(Path path, boolean pruning) {
    this.path = path;
    this.pruning = pruning;
  }

  /** A log continuing before epoch {@code firstEpoch} (1-based) when resuming, empty otherwise. */
  static EpochLog open(Path path, boolean pruning, boolean resume, int firstEpoch) {
    EpochLog log = new EpochLog(path, pruning);
    if (resume && Files.exists(path)) {
      try {
        for (String line : Files.readAllLines(path)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode n = JSON.readTree(line);
          if (n.path("epoch").asInt(Integer.MAX_VALUE) < firstEpoch) {
            log.lines.add(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(new IOException(path + ": not a JSON Lines log (" + e.getMessage() + ")", e));
      }
    }
    return log;
  }

  void append(EpochRecord r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("epoch", r.epoch());
    if (pruning) {
      o.put("step", r.step());
      o.put("density", r.density());
    }
    o.put("lr", r.lr());
    o.put("trainLoss", r.trainLoss());
    o.put("trainAccuracy", r.trainAccuracy());
    o.put("testLoss", r.testLoss());
    o.put("testAccuracy", r.testAccuracy());
    o.put("imagesPerSecond", r.imagesPerSecond());
    o.put("seconds", r.seconds());
    lines.add(o.toString());
    try {
      AtomicFiles.writeString(path, String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
