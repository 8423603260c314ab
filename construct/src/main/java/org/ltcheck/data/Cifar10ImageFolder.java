package org.ltcheck.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.ltcheck.io.TarReader;

/**
 * CIFAR-10 in the common "image folder" layout, {@code <split>/<class>/<file>.jpg} with the ten
 * class folders, read from a directory or straight from a .tar.gz without extracting it. Labels
 * follow {@link Cifar10#CLASSES}; within a class, images are ordered by file name, so the order
 * does not depend on the archive's member order or the file system.
 */
public final class Cifar10ImageFolder {
  private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  private Cifar10ImageFolder() {}

  /** An encoded image before decoding. */
  private record Item(int label, String name, String where, byte[] bytes) {}

  /** Reads {@code root/<split>/<class>/*}. */
  public static RawImages readDirectory(Path root, Split split) throws IOException {
    Path splitDir = root.resolve(split.lowerName());
    if (!Files.isDirectory(splitDir)) {
      throw new NoSuchFileException(splitDir.toString(), null, "no CIFAR-10 " + split.lowerName() + " image folder");
    }
    try (Stream<Path> s = Files.list(splitDir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (Files.isDirectory(p) && !n.startsWith(".") && !Cifar10.CLASSES.contains(n)) {
          throw new MalformedDataException(p + ": unexpected folder; expected the class folders " + Cifar10.CLASSES);
        }
      }
    }
    List<Item> items = new ArrayList<>();
    for (int label = 0; label < Cifar10.CLASSES.size(); label++) {
      Path classDir = splitDir.resolve(Cifar10.CLASSES.get(label));
      if (!Files.isDirectory(classDir)) {
        throw new NoSuchFileException(classDir.toString(), null, "CIFAR-10 class folder missing");
      }
      try (Stream<Path> s = Files.list(classDir)) {
        for (Path p : s.sorted().toList()) {
          String n = p.getFileName().toString();
          if (Files.isRegularFile(p) && isImageName(n)) {
            items.add(new Item(label, n, p.toString(), Files.readAllBytes(p)));
          }
        }
      }
    }
    return decode(items, Cifar10.description(split, sourceName(items)));
  }

  /**
   * Reads the requested splits from a .tar.gz holding {@code [prefix/]<split>/<class>/<file>}
   * members, in one streaming pass. The caller verifies the archive's checksum if it has one.
   */
  public static Map<Split, RawImages> readArchive(Path archive, Set<Split> splits) throws IOException {
    Map<Split, List<Item>> items = new EnumMap<>(Split.class);
    for (Split s : splits) {
      items.put(s, new ArrayList<>());
    }
    try (TarReader tar = TarReader.openGzip(archive)) {
      for (TarReader.Entry e; (e = tar.next()) != null; ) {
        String[] parts = e.name().split("/");
        if (!e.isFile() || parts.length < 3 || !isImageName(parts[parts.length - 1])) {
          continue;
        }
        Split split = splitNamed(parts[parts.length - 3]);
        if (split == null || !items.containsKey(split)) {
          continue;
        }
        int label = Cifar10.CLASSES.indexOf(parts[parts.length - 2]);
        if (label < 0) {
          throw new MalformedDataException(
              archive + ": member " + e.name() + " is not in one of the class folders " + Cifar10.CLASSES);
        }
        items.get(split).add(new Item(label, parts[parts.length - 1], archive + "!" + e.name(), tar.readContent()));
      }
    }
    Map<Split, RawImages> out = new EnumMap<>(Split.class);
    for (Map.Entry<Split, List<Item>> m : items.entrySet()) {
      if (m.getValue().isEmpty()) {
        throw new MalformedDataException(archive + ": no " + m.getKey().lowerName() + "/<class>/ images");
      }
      out.put(m.getKey(), decode(m.getValue(), Cifar10.description(m.getKey(), sourceName(m.getValue()))));
    }
    return out;
  }

  private static Split splitNamed(String name) {
    for (Split s : Split.values()) {
      if (s.lowerName().equals(name)) {
        return s;
      }
    }
    return null;
  }

  private static boolean isImageName(String name) {
    int dot = name.lastIndexOf('.');
    return !name.startsWith(".") && dot > 0
        && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** JPEG compression changes pixels, so reports must say when the images are JPEGs. */
  private static String sourceName(List<Item> items) {
    boolean jpeg = items.stream().anyMatch(i -> i.name().toLowerCase(Locale.ROOT).matches(".*\\.jpe?g"));
    return jpeg ? "JPEG version" : "image folder";
  }

  /** Sorts by (label, file name) and decodes in parallel into planar RGB bytes. */
  private static RawImages decode(List<Item> unsorted, String description) throws IOException {
    List<Item> items = new ArrayList<>(unsorted);
    items.sort(Comparator.comparingInt(Item::label).thenComparing(Item::name));
    int n = items.size();
    int size = Cifar10Binary.IMAGE_BYTES;
    byte[] pixels = new byte[Math.multiplyExact(n, size)];
    int[] labels = new int[n];
    try {
      // Each image lands at its own index, so the parallel decode is deterministic.
      IntStream.range(0, n).parallel().forEach(i -> {
        try {
          decodeInto(items.get(i), pixels, i * size);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (int i = 0; i < n; i++) {
      labels[i] = items.get(i).label();
    }
    return new RawImages(pixels, n, 3, Cifar10Binary.SIDE, Cifar10Binary.SIDE, labels, Cifar10.CLASSES.size(), description);
  }

  private static void decodeInto(Item item, byte[] pixels, int off) throws IOException {
    // A memory-backed stream: ImageIO's default for streams caches to temporary files.
    MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(item.bytes()));
    BufferedImage img;
    try {
      img = ImageIO.read(in); // closes the stream unless it returns null
    } catch (IOException | RuntimeException e) {
      throw new MalformedDataException(item.where() + ": cannot decode image (" + e.getMessage() + ")");
    }
    if (img == null) {
      in.close();
      throw new MalformedDataException(item.where() + ": not a decodable image");
    }
    int side = Cifar10Binary.SIDE;
    if (img.getWidth() != side || img.getHeight() != side) {
      throw new MalformedDataException(
          item.where() + ": image is " + img.getWidth() + "x" + img.getHeight() + ", expected 32x32");
    }
    var cm = img.getColorModel();
    if (cm.getColorSpace().getType() != ColorSpace.TYPE_RGB || cm.getNumColorComponents() != 3 || cm.hasAlpha()) {
      throw new MalformedDataException(item.where() + ": image is not 3-channel RGB without alpha ("
          + cm.getNumComponents() + " components)");
    }
    int[] argb = img.getRGB(0, 0, side, side, null, 0, side);
    int plane = side * side;
    for (int p = 0; p < plane; p++) {
      int v = argb[p];
      pixels[off + p] = (byte) (v >>> 16);
      pixels[off + plane + p] = (byte) (v >>> 8);
      pixels[off + 2 * plane + p] = (byte) v;
    }
  }
}
