package org.ltcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @TempDir Path dir;

  /** What each ready-made figure has to show: a readable PNG of the default size with its data drawn. */
  static BufferedImage assertValidPng(Path png, Color... seriesColours) throws IOException {
    assertTrue(Files.isRegularFile(png), png + " was not written");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " is not a readable image");
    assertEquals(Plots.DEFAULT_WIDTH, image.getWidth());
    assertEquals(Plots.DEFAULT_HEIGHT, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    assertTrue(colours.size() > 10, "image is (almost) blank: " + colours.size() + " colours");
    for (Color c : seriesColours) {
      assertTrue(colours.contains(c.getRGB() & 0xFFFFFF), "no pixel in series colour " + c);
    }
    try (Stream<Path> files = Files.list(png.getParent())) {
      List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
      assertEquals(List.of(), left, "temporary files left behind");
    }
    return image;
  }

  @Test
  void renderingNeedsNoDisplay() {
    Plots.render(Plots.ChartSpec.of("t", "x", "y"), List.of(Plots.Series.of("s", new double[] {1, 2}, new double[] {3, 4},
        Plots.Style.LINE)));
    assertTrue(GraphicsEnvironment.isHeadless());
  }

  @Test
  void customChartHonoursSizeAndLogAxes() throws IOException {
    Path png = dir.resolve("custom.png");
    Plots.write(Plots.ChartSpec.of("custom", "x", "y").withLogX().withLogY().withSize(400, 300),
        List.of(Plots.Series.of("points", new double[] {1, 10, 100}, new double[] {2, 20, 200}, Plots.Style.MARKERS)),
        png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(400, image.getWidth());
    assertEquals(300, image.getHeight());
  }

  @Test
  void invalidChartsWriteNothing() {
    Path png = dir.resolve("bad.png");
    double[] x = {0, 1};
    double[] y = {1, 2};
    Plots.Series s = Plots.Series.of("s", x, y, Plots.Style.LINE);
    assertThrows(IllegalArgumentException.class, () -> Plots.write(Plots.ChartSpec.of("t", "x", "y").withLogX(), List.of(s), png));
    assertThrows(IllegalArgumentException.class, () -> Plots.write(Plots.ChartSpec.of("t", "x", "y"), List.of(s, s), png));
    assertThrows(IllegalArgumentException.class, () -> Plots.write(Plots.ChartSpec.of("t", "x", "y"), List.of(s.onRightAxis()), png));
    assertThrows(IllegalArgumentException.class, () -> Plots.write(Plots.ChartSpec.of("t", "x", "y"), List.of(), png));
    assertThrows(IllegalArgumentException.class, () -> Plots.Series.of("s", x, new double[] {1}, Plots.Style.LINE));
    assertThrows(IllegalArgumentException.class, () -> Plots.Series.of("s", x, new double[] {1, Double.NaN}, Plots.Style.LINE));
    assertFalse(Files.exists(png));
  }

  @Test
  void seriesAreImmutable() {
    double[] x = {1, 2};
    Plots.Series s = Plots.Series.of("s", x, new double[] {3, 4}, Plots.Style.LINE);
    x[0] = 99;
    s.x()[1] = 99;
    assertEquals(1.0, s.x()[0]);
    assertEquals(2.0, s.x()[1]);
  }

  /**
   * The PNG must appear under its name only complete: written elsewhere and renamed, so the
   * directory never reports the target being created empty and then modified in place.
   */
  @Test
  void pngAppearsAtomically() throws IOException, InterruptedException {
    Path png = dir.resolve("atomic.png");
    Files.writeString(png, "old content");
    List<WatchEvent<?>> events = new ArrayList<>();
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      Plots.write(Plots.ChartSpec.of("t", "x", "y"), List.of(Plots.Series.of("s", new double[] {1, 2},
          new double[] {3, 4}, Plots.Style.LINE_MARKERS)), png);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      boolean targetCreated = false;
      while (!targetCreated && System.nanoTime() < deadline) {
        WatchKey key = watcher.poll(200, TimeUnit.MILLISECONDS);
        if (key == null) {
          continue;
        }
        for (WatchEvent<?> e : key.pollEvents()) {
          events.add(e);
          targetCreated |= e.kind() == StandardWatchEventKinds.ENTRY_CREATE && png.getFileName().equals(e.context());
        }
        key.reset();
      }
      assertTrue(targetCreated, "no creation of the target seen: " + describe(events));
    }
    for (WatchEvent<?> e : events) {
      if (png.getFileName().equals(e.context())) {
        assertFalse(e.kind() == StandardWatchEventKinds.ENTRY_MODIFY, "target modified in place: " + describe(events));
      }
    }
    assertTrue(events.stream().anyMatch(e -> !png.getFileName().equals(e.context())),
        "no temporary file seen: " + describe(events));
    assertNotNull(ImageIO.read(png.toFile()), "old content was not replaced by a PNG");
  }

  private static String describe(List<WatchEvent<?>> events) {
    return events.stream().map(e -> e.kind().name() + " " + e.context()).toList().toString();
  }
}
