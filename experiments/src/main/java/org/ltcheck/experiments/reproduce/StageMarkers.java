package org.ltcheck.experiments.reproduce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ltcheck.io.AtomicFiles;

/**
 * The files that make a reproduction resumable. A stage is finished exactly when its marker — a
 * JSON object with the stage's {@code fingerprint} — exists; the marker is written atomically
 * and only after every other output of the stage, so an interrupted stage has none and is redone
 * (training stages continue from their checkpoint). The fingerprint is a string that changes
 * with every setting that changes the stage's result, including those of the stages it builds
 * on, so a rerun with other settings never mistakes an old result for its own.
 */
final class StageMarkers {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What a marker file says about a stage. */
  enum State {
    /** No marker: the stage has not finished. */
    ABSENT,
    /** Finished with the same settings. */
    DONE,
    /** Finished with other settings. */
    STALE
  }

  private StageMarkers() {}

  /**
   * The state of the stage whose marker is {@code marker}.
   *
   * @throws IOException if the marker exists but is not a JSON object with a fingerprint
   */
  static State state(Path marker, String fingerprint) throws IOException {
    if (!Files.exists(marker)) {
      return State.ABSENT;
    }
    return fingerprint.equals(read(marker).path("fingerprint").asText(null)) ? State.DONE : State.STALE;
  }

  /**
   * Like {@link #state}, for stages too costly to redo silently: finished with other settings is
   * an error that names the directory to remove.
   *
   * @return whether the stage is finished
   * @throws IllegalArgumentException if it was finished with other settings
   */
  static boolean finished(Path marker, String stage, String fingerprint) throws IOException {
    State s = state(marker, fingerprint);
    if (s == State.STALE) {
      throw new IllegalArgumentException(marker + ": stage '" + stage + "' was finished with other settings;"
          + " use another --out, or delete " + marker.getParent() + " and the stages built on it");
    }
    return s == State.DONE;
  }

  /** Reads a marker (or any stage output that serves as one). */
  static ObjectNode read(Path marker) throws IOException {
    JsonNode n;
    try {
      n = JSON.readTree(marker.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(marker + ": not a JSON stage record (" + e.getOriginalMessage() + ")", e);
    }
    if (!(n instanceof ObjectNode o) || !o.has("fingerprint")) {
      throw new IOException(marker + ": not a stage record (no fingerprint)");
    }
    return o;
  }

  /** A marker for a stage that took {@code seconds} and produced {@code outputs} (relative to {@code out}). */
  static ObjectNode marker(String stage, String fingerprint, double seconds, Path out, List<Path> outputs) {
    ObjectNode o = JSON.createObjectNode();
    o.put("stage", stage);
    o.put("fingerprint", fingerprint);
    o.put("seconds", seconds);
    o.put("finished", Instant.now().toString());
    ArrayNode files = o.putArray("outputs");
    outputs.forEach(p -> files.add(out.relativize(p).toString()));
    return o;
  }

  /** The outcome of a reused stage, as its marker recorded it; outputs are resolved against {@code out}. */
  static StageOutcome outcome(Path marker, Path out) throws IOException {
    ObjectNode m = read(marker);
    List<Path> outputs = new ArrayList<>();
    m.path("outputs").forEach(p -> outputs.add(out.resolve(p.asText())));
    return new StageOutcome(m.path("stage").asText(), true, m.path("seconds").asDouble(), outputs);
  }

  /** Writes {@code content} as {@code marker}, atomically. */
  static void write(Path marker, ObjectNode content) throws IOException {
    AtomicFiles.writeString(marker, JSON.writeValueAsString(content) + "\n");
  }
}
