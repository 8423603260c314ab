package org.ltcheck.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.io.Sha256;

/**
 * Finds CIFAR-10 and loads a split, in this order: a directory given by the user (official
 * binary batches, an image folder, or the JPEG archive inside it), the cache, then the JPEG
 * archive shipped beside the repository ({@code ../shared/data/cifar10-jpeg.tar.gz}, or
 * {@code $LTCHECK_CIFAR10_ARCHIVE}).
 *
 * <p>Decoding 60,000 JPEGs takes seconds, so the archive is converted once into the official
 * binary batch format in the cache (each file written atomically, the provenance file last, so
 * an interrupted conversion is simply redone). Images keep the order class by class, file name
 * within class; the official batches are shuffled, which training does anyway. Descriptions say
 * "JPEG version" whenever the pixels went through JPEG, also when they come from the cache.
 */
public final class Cifar10Fetcher {
  public static final String ARCHIVE_NAME = "cifar10-jpeg.tar.gz";
  public static final String ARCHIVE_SHA256 = "07263b5490e27e6fc03e0f00da91d6122b39ecda101fcc452ef8d0fa724f23d7";
  /** Environment variable naming the JPEG archive explicitly. */
  public static final String ARCHIVE_ENV = "LTCHECK_CIFAR10_ARCHIVE";
  /** Provenance of batch files: first line is the description's source, e.g. "JPEG version". */
  static final String SOURCE_FILE = "SOURCE";
  static final String OFFICIAL = "official binary";
  static final String JPEG = "JPEG version";
  /** Folder name of the official binary distribution once extracted. */
  static final String OFFICIAL_FOLDER = "cifar-10-batches-bin";

  private final Path cacheDir;
  private final List<Path> archives;

  /**
   * @param cacheDir directory for the converted batch files
   * @param archives candidate locations of the JPEG archive, tried in order
   */
  public Cifar10Fetcher(Path cacheDir, List<Path> archives) {
    this.cacheDir = cacheDir.toAbsolutePath();
    this.archives = List.copyOf(archives);
  }

  /** Cache {@code <cache root>/cifar10}, archive from the environment or beside the repository. */
  public static Cifar10Fetcher withDefaults() {
    return new Cifar10Fetcher(DataLocations.cacheRoot().resolve("cifar10"), defaultArchives());
  }

  /** {@code $LTCHECK_CIFAR10_ARCHIVE} if set, else {@code <repo root>/../shared/data/cifar10-jpeg.tar.gz}. */
  public static List<Path> defaultArchives() {
    String env = System.getenv(ARCHIVE_ENV);
    if (env != null && !env.isBlank()) {
      // Named explicitly: a missing file must be reported, not silently replaced by another.
      return List.of(Path.of(env));
    }
    Optional<Path> root = DataLocations.repositoryRoot();
    return root.map(r -> List.of(sharedArchive(r))).orElse(List.of());
  }

  /** Location of the shared archive relative to a repository root. */
  public static Path sharedArchive(Path repositoryRoot) {
    return repositoryRoot.resolve("..").resolve("shared").resolve("data").resolve(ARCHIVE_NAME).normalize();
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /** Raw images of {@code split}; {@code dataDir} may be null. */
  public RawImages load(Split split, Path dataDir) throws IOException {
    if (dataDir != null) {
      return fromUserDir(dataDir, split);
    }
    if (isCached(split)) {
      return Cifar10Binary.readSplit(cacheDir, split, Cifar10.description(split, provenance(cacheDir)));
    }
    for (Path archive : archives) {
      if (Files.isRegularFile(archive)) {
        return convert(archive, split);
      }
    }
    String looked = archives.isEmpty()
        ? "no archive to look for (" + ARCHIVE_ENV + " is not set and ltcheck runs outside a checkout, which would"
            + " have ../shared/data/" + ARCHIVE_NAME + ")"
        : "no archive at " + String.join(" or ", archives.stream().map(Path::toString).toList());
    throw new DataUnavailableException("CIFAR-10 not found: cache " + cacheDir + " is empty and " + looked + "; pass --data-dir DIR holding the official binary batches (data_batch_1.bin .. "
        + "test_batch.bin), train/<class>/ and test/<class>/ image folders, or " + ARCHIVE_NAME
        + ", or set " + ARCHIVE_ENV);
  }

  /** {@link #load} normalised with the CIFAR-10 mean and std of the reference targets. */
  public Dataset loadNormalised(Split split, Path dataDir) throws IOException {
    return load(split, dataDir).normalised(Normalization.CIFAR10);
  }

  /** True when the cache holds a complete conversion of {@code split}. */
  public boolean isCached(Split split) {
    return Cifar10Binary.hasSplit(cacheDir, split) && Files.isRegularFile(cacheDir.resolve(SOURCE_FILE));
  }

  /** Reads the requested splits from the JPEG archive after verifying its SHA-256. */
  public static Map<Split, RawImages> readArchive(Path archive, EnumSet<Split> splits) throws IOException {
    Sha256.verify(archive, ARCHIVE_SHA256);
    return Cifar10ImageFolder.readArchive(archive, splits);
  }

  private RawImages fromUserDir(Path dir, Split split) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null,
          Files.exists(dir) ? "CIFAR-10 data directory is not a directory" : "CIFAR-10 data directory does not exist");
    }
    for (Path d : List.of(dir, dir.resolve(OFFICIAL_FOLDER))) {
      if (Cifar10Binary.hasSplit(d, split)) {
        return Cifar10Binary.readSplit(d, split, Cifar10.description(split, provenance(d)));
      }
    }
    if (Files.isDirectory(dir.resolve(split.lowerName()))) {
      return Cifar10ImageFolder.readDirectory(dir, split);
    }
    Path archive = dir.resolve(ARCHIVE_NAME);
    if (Files.isRegularFile(archive)) {
      return convert(archive, split);
    }
    throw new NoSuchFileException(dir.toString(), null, "holds no CIFAR-10 " + split.lowerName() + " data: expected "
        + String.join(", ", Cifar10Binary.fileNames(split)) + ", " + split.lowerName() + "/<class>/ images or "
        + ARCHIVE_NAME);
  }

  /** Decodes both splits of the archive, caches them as binary batches, returns {@code split}. */
  private RawImages convert(Path archive, Split split) throws IOException {
    Map<Split, RawImages> all = readArchive(archive, EnumSet.allOf(Split.class));
    for (Split s : Split.values()) {
      Cifar10Binary.writeSplit(cacheDir, s, all.get(s));
    }
    AtomicFiles.writeString(cacheDir.resolve(SOURCE_FILE),
        JPEG + "\nconverted from " + archive.getFileName() + " sha256 " + ARCHIVE_SHA256 + "\n");
    return all.get(split);
  }

  /** The first line of {@code dir/SOURCE}, or "official binary" for batches without one. */
  private static String provenance(Path dir) throws IOException {
    Path f = dir.resolve(SOURCE_FILE);
    if (!Files.isRegularFile(f)) {
      return OFFICIAL;
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    return lines.isEmpty() || lines.get(0).isBlank() ? OFFICIAL : lines.get(0).strip();
  }
}
