package org.ltcheck.assess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ltcheck.ticket.TicketFiles;
import org.ltcheck.io.AtomicFiles;

/**
 * The files one ticket job writes: the ticket, its manifest beside it ({@link TicketFiles#manifestPath})
 * and, optionally, the JSON report. They are checked together before any work ({@link #check})
 * and written together, all or none ({@link #write}), so that a failed run never leaves a ticket
 * whose report describes another one.
 *
 * @param ticket the ticket file
 * @param report the report file, or null when the caller keeps the report itself
 */
public record TicketOutputs(Path ticket, Path report) {
  public TicketOutputs {
    Objects.requireNonNull(ticket, "ticket");
  }

  /** The manifest file written beside the ticket. */
  public Path manifest() {
    return TicketFiles.manifestPath(ticket);
  }

  /** Every output, in the order they are written. */
  public List<Path> paths() {
    List<Path> paths = new ArrayList<>(List.of(ticket, manifest()));
    if (report != null) {
      paths.add(report);
    }
    return paths;
  }

  /**
   * Checks, creating nothing, that every output can be written ({@link AtomicFiles#checkWritable})
   * and that no two outputs, and no output and input, are the same file (compared as
   * {@link AtomicFiles#canonical} paths, so links and {@code ..} do not hide a collision).
   *
   * @param inputs files the job reads (the target file); an output must not overwrite them
   * @throws IllegalArgumentException naming both paths of a collision
   * @throws IOException naming an output that cannot be written
   */
  public void check(List<Path> inputs) throws IOException {
    Map<Path, String> seen = new LinkedHashMap<>();
    for (Path in : inputs) {
      seen.put(AtomicFiles.canonical(in), "the input " + in);
    }
    List<String> roles = List.of("ticket", "manifest", "report");
    List<Path> paths = paths();
    for (int k = 0; k < paths.size(); k++) {
      String output = "the " + roles.get(k) + " " + paths.get(k);
      String clash = seen.putIfAbsent(AtomicFiles.canonical(paths.get(k)), output);
      if (clash != null) {
        throw new IllegalArgumentException(output + " would be the same file as " + clash + "; choose another file");
      }
    }
    for (Path out : paths()) {
      AtomicFiles.checkWritable(out);
    }
  }

  /** Writes ticket, manifest and report (when given) as one set: all of them or none. */
  public void write(ConstructionReport r) throws IOException {
    Map<Path, AtomicFiles.Content> files = new LinkedHashMap<>(TicketFiles.files(ticket, r.result().ticket(), r.eps()));
    if (report != null) {
      files.put(report, r.content());
    }
    AtomicFiles.writeAll(files);
  }
}
