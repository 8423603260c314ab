package org.ltcheck.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * partial file: the data goes to a temporary file {@code .NAME.<digits>.tmp} in the target's
 * directory, which is then renamed over the target. On failure the temporary file is removed.
 *
 * <p><b>Stale temporary files.</b> A process killed while writing (kill -9, power loss) leaves its
 * temporary file behind. Every write of a target first removes the temporary files of that same
 * target ({@link #removeStaleTemps}); nothing in ltcheck reads a temporary file, since readers
 * only open the final names.
 *
 * <p><b>Sets of outputs.</b> {@link #writeAll} commits several files that belong together (a
 * ticket, its manifest and its report) all or none; see there.
 *
 * <p>Error messages name the output the caller asked for, never the temporary file.
 */
public final class AtomicFiles {
  private static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  public static void write(Path target, Content content) throws IOException {
    writeAll(Map.of(target, content));
  }

  public static void writeString(Path target, String text) throws IOException {
    write(target, text(text));
  }

  /** The UTF-8 bytes of {@code text} as content. */
  public static Content text(String text) {
    return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a set of files that belong together, all or none.
   *
   * <p>Guarantee: every path is checked ({@link #checkWritable}) and every content is written
   * completely to its temporary file before the first target is touched. If a check, a content
   * or a temporary file fails, all temporary files are removed and every target keeps its old
   * content (or stays absent). Only then are the temporary files renamed over their targets, in
   * the map's order; should a rename still fail (the file system failing between two renames),
   * the targets renamed before are restored from hard links (copies where the file system has
   * none) taken of their old content, so that the set again holds the old files. A process
   * killed during the renames may leave a mix of old and new files, and their temporary files,
   * which the next write of the same targets removes.
   *
   * @param outputs target path → its content, written in iteration order
   * @throws IOException naming the output that failed (not its temporary file)
   */
  public static void writeAll(Map<Path, Content> outputs) throws IOException {
    Map<Path, Content> targets = new LinkedHashMap<>();
    outputs.forEach((path, content) -> targets.put(path.toAbsolutePath().normalize(), content));
    for (Path target : targets.keySet()) {
      checkWritable(target);
    }
    Map<Path, Path> temps = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, Content> e : targets.entrySet()) {
        temps.put(e.getKey(), writeTemp(e.getKey(), e.getValue()));
      }
      commit(temps);
    } finally {
      for (Path tmp : temps.values()) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Checks that {@code target} can be written without creating anything: it is not a directory,
   * and its nearest existing ancestor is a directory in which a file can be created (probed by
   * creating and removing an empty temporary file, so that read-only mounts and pseudo file
   * systems such as /proc are caught too). Directories that do not exist yet are created only
   * when the file is written.
   *
   * @throws IOException one sentence naming {@code target} and what is wrong with it
   */
  public static void checkWritable(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      throw new IOException("cannot write " + target + ": it is a directory");
    }
    Path dir = abs.getParent();
    while (dir != null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IOException("cannot write " + target + ": no existing directory above it");
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("cannot write " + target + ": " + dir + " is a file, not a directory");
    }
    try {
      Files.delete(Files.createTempFile(dir, ".ltcheck-probe.", TEMP_SUFFIX));
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": cannot create files in " + dir + " (" + reason(e) + ")", e);
    }
  }

  /**
   * The path {@code p} resolves to: symbolic links and {@code ..} of its existing part resolved,
   * the rest appended. Two paths name the same file exactly when their canonical forms are equal
   * (hard links aside), also when the file does not exist yet.
   */
  public static Path canonical(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    Path existing = abs;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return abs;
    }
    return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
  }

  /**
   * Removes the temporary files an interrupted write of {@code target} left behind
   * ({@code .NAME.<digits>.tmp} beside it); a missing directory has none.
   */
  public static void removeStaleTemps(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    String prefix = "." + abs.getFileName() + ".";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, e -> isTempOf(e.getFileName().toString(), prefix))) {
      for (Path stale : entries) {
        Files.deleteIfExists(stale);
      }
    }
  }

  /**
   * Removes every temporary file an interrupted write left anywhere under {@code dir}: for a
   * directory that one run owns (a reproduction's --out, resumed), where no other process
   * writes at the same time. Files that only look similar ({@code .a.b.tmp}) are kept.
   */
  public static void removeStaleTempsUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.', name.length() - TEMP_SUFFIX.length() - 1);
        if (dot > 1 && name.startsWith(".") && isTempOf(name, name.substring(0, dot + 1))) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Whether {@code name} is {@code prefix + digits + ".tmp"}, the name {@link Files#createTempFile} gives. */
  private static boolean isTempOf(String name, String prefix) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) {
      return false;
    }
    String middle = name.substring(prefix.length(), name.length() - TEMP_SUFFIX.length());
    return !middle.isEmpty() && middle.chars().allMatch(Character::isDigit);
  }

  private static Path writeTemp(Path target, Content content) throws IOException {
    Path dir = target.getParent();
    Path tmp;
    try {
      Files.createDirectories(dir);
      removeStaleTemps(target);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + reason(e), e);
    }
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        content.writeTo(out);
      }
      // Temporary files are created owner-only; results are meant to be read like any other file.
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      return tmp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      if (e instanceof FileSystemException fs && tmp.toString().equals(fs.getFile())) {
        throw new IOException("cannot write " + target + ": " + reason(fs), e);
      }
      throw e;
    }
  }

  /** Renames every temporary file over its target; on failure restores the targets renamed so far. */
  private static void commit(Map<Path, Path> temps) throws IOException {
    Map<Path, Path> backups = new LinkedHashMap<>();
    List<Path> renamed = new ArrayList<>();
    try {
      if (temps.size() > 1) {
        for (Path target : temps.keySet()) {
          if (Files.isRegularFile(target)) {
            backups.put(target, backup(target));
          }
        }
      }
      for (Map.Entry<Path, Path> e : temps.entrySet()) {
        try {
          rename(e.getValue(), e.getKey());
        } catch (IOException failure) {
          restore(renamed, backups);
          throw new IOException("cannot write " + e.getKey() + ": " + reason(failure)
              + (renamed.isEmpty() ? "" : "; the files written with it are restored to their old content"), failure);
        }
        renamed.add(e.getKey());
      }
    } finally {
      for (Path b : backups.values()) {
        Files.deleteIfExists(b);
      }
    }
  }

  private static void restore(List<Path> renamed, Map<Path, Path> backups) throws IOException {
    for (Path target : renamed) {
      Path old = backups.get(target);
      if (old != null) {
        rename(old, target);
      } else {
        Files.deleteIfExists(target);
      }
    }
  }

  /** A second name for the old content of {@code target}, a temporary file of it. */
  private static Path backup(Path target) throws IOException {
    try {
      Path b = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", TEMP_SUFFIX);
      Files.delete(b);
      try {
        return Files.createLink(b, target);
      } catch (UnsupportedOperationException | IOException e) {
        return Files.copy(target, b, StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": cannot keep its old content (" + reason(e) + ")", e);
    }
  }

  private static void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** The reason of a file-system failure in words, without Java class names. */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    return e.getMessage() != null ? e.getMessage() : "input/output error";
  }
}
