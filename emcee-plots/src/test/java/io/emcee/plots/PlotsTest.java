package io.emcee.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.core.random.RandomStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlotsTest {
  private static final List<String> NAMES = List.of("x", "y", "z");
  private static double[][][] coords;

  /** Kept after the run (under target/) so that the pictures can be looked at. */
  private final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "plots-test");

  /** 16 walkers, 600 steps of a correlated AR(1) process in three parameters. */
  @BeforeAll
  static void chain() {
    RandomStream r = new RandomStream(7);
    int steps = 600;
    int nwalkers = 16;
    coords = new double[steps][nwalkers][3];
    for (int w = 0; w < nwalkers; w++) {
      coords[0][w] = new double[] {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
    }
    for (int t = 1; t < steps; t++) {
      for (int w = 0; w < nwalkers; w++) {
        double[] p = coords[t - 1][w];
        double x = 0.9 * p[0] + Math.sqrt(1 - 0.81) * r.nextGaussian();
        double y = 0.5 * x + 0.8 * p[1] + 0.5 * r.nextGaussian();
        double z = 3 + 2 * r.nextGaussian();
        coords[t][w] = new double[] {x, y, z};
      }
    }
  }

  private static BufferedImage read(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertTrue(image != null, "not a readable image: " + file);
    return image;
  }

  private static void assertPanels(BufferedImage image, int expected) {
    List<Panels.Panel> panels = Panels.find(image);
    assertEquals(expected, panels.size(), "panels found: " + panels);
    for (Panels.Panel p : panels) {
      assertTrue(p.hasData(), "blank panel " + p);
    }
  }

  @Test
  void headless() {
    assertEquals("true", System.getProperty("java.awt.headless"));
  }

  @Test
  void traceHasOnePanelPerParameter() throws IOException {
    Path file = dir.resolve("trace.png");
    Plots.trace(coords, NAMES, file);
    BufferedImage image = read(file);
    assertEquals(900, image.getWidth());
    assertEquals(3 * 170, image.getHeight());
    assertPanels(image, 3);
  }

  @Test
  void cornerHasTheLowerTriangle() throws IOException {
    Path file = dir.resolve("corner.png");
    Plots.corner(coords, NAMES, file);
    BufferedImage image = read(file);
    assertEquals(3 * 230, image.getWidth());
    assertEquals(3 * 230, image.getHeight());
    assertPanels(image, 6);
  }

  @Test
  void autocorrelationTimeIsOnePanel() throws IOException {
    Path file = dir.resolve("tau.png");
    Plots.autocorrelationTime(coords, NAMES, file);
    BufferedImage image = read(file);
    assertEquals(700, image.getWidth());
    assertEquals(480, image.getHeight());
    assertPanels(image, 1);
  }

  @Test
  void tauLengthsAreLogSpacedUpToTheWholeChain() {
    int[] n = Plots.tauLengths(5000);
    assertEquals(100, n[0]);
    assertEquals(5000, n[n.length - 1]);
    assertEquals(10, n.length);
    assertEquals(20, Plots.tauLengths(20)[Plots.tauLengths(20).length - 1]);
  }

  @Test
  void svgIsWrittenToo() throws IOException {
    Path file = dir.resolve("sub/corner.svg");
    Plots.corner(coords, NAMES, file);
    String svg = Files.readString(file, StandardCharsets.UTF_8);
    assertTrue(svg.contains("<svg"), "not SVG");
    assertTrue(svg.contains("690"), "the figure's size is missing");
  }

  @Test
  void theCheckerSeesABlankPanel() {
    BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 300, 200);
    g.setColor(Plots.PLOT_BACKGROUND);
    g.fillRect(20, 20, 120, 120);
    g.setColor(Plots.PLOT_BORDER);
    g.drawRect(20, 20, 120, 120);
    g.setColor(Color.BLACK);
    g.drawString("label", 200, 100);
    g.dispose();
    List<Panels.Panel> panels = Panels.find(image);
    assertEquals(1, panels.size());
    assertTrue(!panels.get(0).hasData());
  }

  @Test
  void badInputIsACodedError() {
    EmceeException names =
        assertThrows(
            EmceeException.class, () -> Plots.trace(coords, List.of("x"), dir.resolve("t.png")));
    assertEquals("EMCEE-G001", names.getCode());
    EmceeException format =
        assertThrows(EmceeException.class, () -> Plots.trace(coords, NAMES, dir.resolve("t.gif")));
    assertEquals("EMCEE-G002", format.getCode());
    EmceeException shortChain =
        assertThrows(
            EmceeException.class,
            () -> Plots.autocorrelationTime(new double[5][2][3], NAMES, dir.resolve("tau.png")));
    assertEquals("EMCEE-G001", shortChain.getCode());
  }
}
