package io.emcee.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's plots: the command the README documents writes them again, as PNGs of the size of
 * the committed ones, and the README shows them.
 */
class ReadmePlotsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /** The size each plot of a 3-parameter chain has (Plots' panel sizes). */
  private static final Map<String, int[]> SIZES =
      Map.of(
          "trace", new int[] {900, 510},
          "corner", new int[] {690, 690},
          "tau", new int[] {700, 480});

  /** The documented command, from the README: the line that writes the plots into docs/img. */
  static List<String> documentedCommand() throws IOException {
    String line =
        Files.readAllLines(ROOT.resolve("README.md")).stream()
            .filter(l -> l.startsWith("bin/emcee ") && l.contains("--plot docs/img"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no 'bin/emcee ... --plot docs/img' line"));
    String command = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
    List<String> args = new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
    args.remove(0); // bin/emcee
    return args;
  }

  @Test
  void theDocumentedCommandWritesPngsOfTheCommittedSize(@TempDir Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> args = documentedCommand();
    int at = args.indexOf("docs/img");
    args.set(at, dir.toString());
    assertEquals(ExitCode.OK, Main.execute(args.toArray(String[]::new)), args.toString());
    for (Map.Entry<String, int[]> plot : SIZES.entrySet()) {
      Path written = dir.resolve(plot.getKey() + ".png");
      Path committed = ROOT.resolve("docs/img/" + plot.getKey() + ".png");
      for (Path png : List.of(written, committed)) {
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), PNG.length);
        assertArrayEquals(PNG, head, png + " is not a PNG");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " does not decode");
        assertEquals(plot.getValue()[0], image.getWidth(), png + ": width");
        assertEquals(plot.getValue()[1], image.getHeight(), png + ": height");
        assertTrue(distinctColours(image) > 4, png + " is nearly blank");
      }
    }
  }

  @Test
  void theReadmeShowsTheCommittedPlots() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (String plot : SIZES.keySet()) {
      assertTrue(readme.contains("](docs/img/" + plot + ".png)"), plot + " is not shown");
      assertTrue(Files.isRegularFile(ROOT.resolve("docs/img/" + plot + ".png")), plot);
    }
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
