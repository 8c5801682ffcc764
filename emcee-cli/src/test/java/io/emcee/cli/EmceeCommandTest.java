package io.emcee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real command in child JVMs, as bin/emcee launches it ({@code java -cp "$(cat
 * target/classpath.txt):target/classes" io.emcee.cli.Main ...}), and checks exit codes, output and
 * the files written.
 */
class EmceeCommandTest {
  private static final String[] PARAMETERS = {
    "rhat", "ess_bulk", "ess_tail", "mcse_mean", "mean", "sd", "tau"
  };

  @TempDir static Path dir;

  private static Path chainA;
  private static Path chainB;

  /** What a child process did. */
  record Result(int exit, String out, String err) {
    List<String> errLines() {
      return err.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  static Result emcee(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    String cp =
        Files.readString(Path.of("target", "classpath.txt")).strip()
            + java.io.File.pathSeparator
            + Path.of("target", "classes").toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(
        System.getProperty("emcee.test.java", System.getProperty("java.home") + "/bin/java"));
    command.addAll(
        List.of("-Xmx256m", "-Djava.awt.headless=true", "-cp", cp, Main.class.getName()));
    command.addAll(List.of(args));
    return launch(command, env);
  }

  static Result emcee(String... args) throws IOException, InterruptedException {
    return emcee(Map.of(), args);
  }

  static Result launch(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("EMCEE_"));
    pb.environment().putAll(env);
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("timed out: " + command + "\n" + Files.readString(err));
    }
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  static Result ok(String... args) throws IOException, InterruptedException {
    Result r = emcee(args);
    assertEquals(0, r.exit(), () -> String.join(" ", args) + " failed:\n" + r.out() + r.err());
    return r;
  }

  @BeforeAll
  static void twoRuns() throws Exception {
    chainA = dir.resolve("a.chain");
    chainB = dir.resolve("b.chain");
    ok(
        "--pool",
        "serial",
        "--seed",
        "1",
        "demo",
        "--steps",
        "60",
        "--walkers",
        "20",
        "--out",
        chainA.toString());
    ok(
        "--pool",
        "serial",
        "--seed",
        "2",
        "demo",
        "--steps",
        "60",
        "--walkers",
        "20",
        "--out",
        chainB.toString());
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() throws Exception {
    Result r = ok("--help");
    for (String s :
        List.of("demo", "fit-line", "inspect", "export", "Exit codes:", "--pool", "--seed")) {
      assertTrue(r.out().contains(s), () -> s + " missing from\n" + r.out());
    }
    assertTrue(r.out().matches("(?s).*\\n\\s+2\\s+bad invocation.*"), r.out());
  }

  @Test
  void demoPrintsThePoolAcceptanceTauAndWallTimeAndIsSilentWhenPiped() throws Exception {
    Path plots = dir.resolve("demo-plots");
    Result r =
        ok(
            "--pool",
            "serial",
            "demo",
            "--steps",
            "40",
            "--walkers",
            "20",
            "--plot",
            plots.toString());
    assertTrue(r.out().contains("20 walkers, 40 steps on the 'serial' pool"), r.out());
    for (String s :
        List.of(
            "mean acceptance fraction: 0.",
            "integrated autocorrelation time: mean",
            "wall time:")) {
      assertTrue(r.out().contains(s), () -> s + " missing from\n" + r.out());
    }
    // No progress bar (and nothing else) on standard error when it is not a terminal.
    assertEquals("", r.err());
    assertPlots(plots, "");
  }

  @Test
  void demoDrawsAProgressBarOnATerminal() throws Exception {
    Path script = Path.of("/usr/bin/script");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(script), "util-linux script(1) runs the command on a pseudo-terminal");
    String cp =
        Files.readString(Path.of("target", "classpath.txt")).strip()
            + java.io.File.pathSeparator
            + Path.of("target", "classes").toAbsolutePath();
    String java =
        System.getProperty("emcee.test.java", System.getProperty("java.home") + "/bin/java");
    String command =
        String.join(
            " ",
            java,
            "-Xmx256m",
            "-cp",
            "'" + cp + "'",
            Main.class.getName(),
            "--pool serial demo --steps 300 --walkers 20");
    Result r = launch(List.of(script.toString(), "-qec", command, "/dev/null"), Map.of());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("300/300 steps"), r.out());
    assertTrue(r.out().contains("acceptance"), r.out());
  }

  @Test
  void theSameSeedGivesTheSameChainWhereverTheOptionIsGiven() throws Exception {
    Result before =
        ok("--pool", "serial", "--seed", "5", "demo", "--steps", "20", "--walkers", "20");
    Result after =
        ok("demo", "--steps", "20", "--walkers", "20", "--seed", "5", "--pool", "serial");
    assertEquals(withoutWallTime(before.out()), withoutWallTime(after.out()));
  }

  private static String withoutWallTime(String out) {
    return out.lines().filter(l -> !l.contains("wall time")).toList().toString();
  }

  @Test
  void fitLineRecoversTheTutorialsLine() throws Exception {
    Result r =
        ok("--pool", "serial", "fit-line", "--steps", "400", "--discard", "100", "--thin", "5");
    assertTrue(r.out().contains("50 points drawn as emcee's tutorial draws them"), r.out());
    Map<String, double[]> table = quantileTable(r.out());
    assertEquals(List.of("m", "b", "ln_f"), List.copyOf(table.keySet()));
    double[] m = table.get("m");
    assertTrue(m[0] < m[1] && m[1] < m[2], r.out());
    // The data are drawn with m = -0.9594: the posterior of m lies within a few widths of it.
    assertTrue(Math.abs(m[1] - -0.9594) < 4 * (m[2] - m[0]), r.out());
    assertEquals(-0.9594, m[3], 1e-12);
  }

  @Test
  void fitLineReadsItsPointsFromCsv() throws Exception {
    StringBuilder csv = new StringBuilder("x,y,yerr\n");
    for (int i = 0; i < 20; i++) {
      double x = i * 0.5;
      csv.append(x).append(',').append(2 - 0.5 * x + (i % 3 - 1) * 0.2).append(",0.2\n");
    }
    Path data = dir.resolve("points.csv");
    Files.writeString(data, csv);
    Result r =
        ok(
            "--pool",
            "serial",
            "fit-line",
            "--data",
            data.toString(),
            "--steps",
            "300",
            "--thin",
            "5");
    assertTrue(r.out().contains("20 points from " + data), r.out());
    double[] m = quantileTable(r.out()).get("m");
    assertEquals(-0.5, m[1], 0.1, r.out());
  }

  /**
   * The tutorial's own 50 points (drawn by its numpy code, see the file's header): the posterior
   * quantiles agree with a direct numerical integration of the same posterior on a 201^3 grid
   * (numpy, m in [-1.5, -0.5], b in [2.5, 6.5], ln f in [-1.8, 0.2]), which gave m -1.0902,
   * -1.0110, -0.9317; b 4.1798, 4.5418, 4.9037; ln f -0.9244, -0.7754, -0.6128 (the tutorial's
   * maximum likelihood: m -1.003, b 4.528, f 0.454). 32 walkers, 2000 steps, tau about 40: some
   * 1500 independent draws, so a quantile's standard error is about 0.04 of the posterior's width;
   * the tolerance is 0.2 of the half-width (16 % to 84 %), some five standard errors.
   */
  @Test
  void fitLineOnTheTutorialsDataAgreesWithTheIntegratedPosterior() throws Exception {
    Path data = Path.of("src", "test", "resources", "tutorial-line.csv").toAbsolutePath();
    Result r = ok("fit-line", "--data", data.toString(), "--steps", "2000");
    assertTrue(r.out().contains("start: m -1.1041, b 5.4406 (weighted least squares)"), r.out());
    Map<String, double[]> table = quantileTable(r.out());
    Map<String, double[]> reference =
        Map.of(
            "m", new double[] {-1.0902, -1.0110, -0.9317},
            "b", new double[] {4.1798, 4.5418, 4.9037},
            "ln_f", new double[] {-0.9244, -0.7754, -0.6128});
    for (Map.Entry<String, double[]> e : reference.entrySet()) {
      double[] want = e.getValue();
      double[] got = table.get(e.getKey());
      double tolerance = 0.2 * (want[2] - want[0]) / 2;
      for (int q = 0; q < 3; q++) {
        assertEquals(want[q], got[q], tolerance, () -> e.getKey() + "\n" + r.out());
      }
    }
  }

  /** The rows of fit-line's table: 16 %, 50 %, 84 % and, when drawn, the true value. */
  private static Map<String, double[]> quantileTable(String out) {
    Map<String, double[]> rows = new java.util.LinkedHashMap<>();
    for (String line : out.lines().toList()) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && List.of("m", "b", "ln_f").contains(f[0])) {
        double truth = f.length >= 8 ? Double.parseDouble(f[7]) : Double.NaN;
        rows.put(
            f[0],
            new double[] {
              Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), truth
            });
      }
    }
    return rows;
  }

  @Test
  void inspectPrintsShapeAcceptanceTauAndTheTables() throws Exception {
    Result r = ok("inspect", chainA.toString(), "--discard", "10");
    for (String s :
        List.of(
            "a.chain (chain file)",
            "shape: 60 steps x 20 walkers x 10 parameters",
            "selected: 50 steps (discard 10, thin 1)",
            "acceptance: mean 0.",
            "tau: ",
            "parameter",
            "convergence across 1 ensemble (20 chains of 50 draws: one per walker)",
            "ess_bulk")) {
      assertTrue(r.out().contains(s), () -> s + " missing from\n" + r.out());
    }
    assertEquals("", r.err());
  }

  @Test
  void inspectJsonGivesTheStatisticsOfEveryParameterAcrossFiles() throws Exception {
    Result r = ok("inspect", chainA.toString(), chainB.toString(), "--discard", "20", "--json");
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertEquals(11, json.size(), r.out()); // ten parameters and the segments
    JsonObject segments = json.getAsJsonObject("segments");
    assertEquals(2, segments.size(), r.out());
    JsonObject only = segments.getAsJsonArray(chainA.toString()).get(0).getAsJsonObject();
    assertEquals(60, only.get("steps").getAsInt(), only::toString);
    assertEquals(1, only.get("thin_by").getAsInt(), only::toString);
    for (int d = 0; d < 10; d++) {
      JsonObject p = json.getAsJsonObject("x" + d);
      for (String key : PARAMETERS) {
        JsonElement v = p.get(key);
        assertTrue(v != null && v.isJsonPrimitive(), () -> key + " missing: " + p);
      }
      assertTrue(p.get("rhat").getAsDouble() > 0.9, p::toString);
      assertTrue(p.get("ess_bulk").getAsDouble() > 0, p::toString);
      assertTrue(p.get("sd").getAsDouble() > 0, p::toString);
    }
  }

  @Test
  void inspectShowsTheSegmentsOfAChainAndOfItsHdf5Export() throws Exception {
    Path file = dir.resolve("segmented.chain");
    double[][] start = new double[20][2];
    java.util.Random random = new java.util.Random(3);
    for (double[] w : start) {
      w[0] = random.nextGaussian();
      w[1] = random.nextGaussian();
    }
    try (var backend = io.emcee.core.storage.FileBackend.open(file)) {
      var sampler = io.emcee.core.Sampler.builder().seed(4).backend(backend).build();
      var end =
          sampler.run(
              new io.emcee.core.Ensemble(x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), start), 40);
      sampler.run(end, 30, io.emcee.core.RunOptions.DEFAULT.withThinBy(3).withTune(true));
    }
    Path h5 = dir.resolve("segmented.h5");
    ok("export", file.toString(), "--to", "h5", "--out", h5.toString());
    for (Path p : List.of(file, h5)) {
      // tau refuses a selection across thinBy 1 and 3: the segments say where to discard to.
      Result text = ok("inspect", p.toString(), "--discard", "40");
      assertTrue(text.out().contains("  segments: 2\n"), text.out());
      assertTrue(text.out().contains("    steps 0..39: thinBy 1\n"), text.out());
      assertTrue(text.out().contains("    steps 40..69: thinBy 3, tuned\n"), text.out());
      Result json = ok("inspect", p.toString(), "--json", "--discard", "40");
      var list =
          JsonParser.parseString(json.out())
              .getAsJsonObject()
              .getAsJsonObject("segments")
              .getAsJsonArray(p.toString());
      assertEquals(2, list.size(), json.out());
      JsonObject second = list.get(1).getAsJsonObject();
      assertEquals(40, second.get("first_step").getAsInt(), json.out());
      assertEquals(30, second.get("steps").getAsInt(), json.out());
      assertEquals(3, second.get("thin_by").getAsInt(), json.out());
      assertTrue(second.get("tune").getAsBoolean(), json.out());
      assertTrue(second.get("follows").getAsBoolean(), json.out());
    }
  }

  @Test
  void inspectPlotsEachFile() throws Exception {
    Path plots = dir.resolve("inspect-plots");
    Result r = ok("inspect", chainA.toString(), chainB.toString(), "--plot", plots.toString());
    assertTrue(r.out().contains("convergence across 2 ensembles"), r.out());
    assertPlots(plots, "a-");
    assertPlots(plots, "b-");
  }

  @Test
  void exportWritesEachFormatAndTheHdf5FileReadsBack() throws Exception {
    Path h5 = dir.resolve("export.h5");
    Path npz = dir.resolve("export.npz");
    Path csv = dir.resolve("export.csv");
    ok("export", chainA.toString(), "--to", "h5", "--out", h5.toString());
    ok("export", chainA.toString(), "--to", "NPZ", "--out", npz.toString());
    Result c =
        ok(
            "export",
            chainA.toString(),
            "--to",
            "csv",
            "--out",
            csv.toString(),
            "--discard",
            "50",
            "--thin",
            "5");
    assertTrue(c.out().contains("written to " + csv), c.out());
    List<String> rows = Files.readAllLines(csv);
    assertTrue(rows.get(0).startsWith("step,walker,x0,"), rows.get(0));
    assertEquals(1 + 2 * 20, rows.size());
    try (var zip = new java.util.zip.ZipFile(npz.toFile())) {
      assertTrue(zip.getEntry("chain.npy") != null);
    }
    Result r = ok("inspect", h5.toString());
    assertTrue(r.out().contains("export.h5 (emcee HDF5 file)"), r.out());
    assertTrue(r.out().contains("shape: 60 steps x 20 walkers x 10 parameters"), r.out());
  }

  @Test
  void blobFieldsAreInspectedAndExportedWithTheirShape() throws Exception {
    Path chain = dir.resolve("fields.chain");
    try (io.emcee.core.storage.FileBackend backend =
        io.emcee.core.storage.FileBackend.open(chain)) {
      double[][] start = new double[8][2];
      for (int w = 0; w < 8; w++) {
        start[w][0] = Math.sin(w + 1);
        start[w][1] = Math.cos(3 * w + 1);
      }
      io.emcee.core.Sampler.builder()
          .seed(2)
          .backend(backend)
          .build()
          .run(
              io.emcee.core.Ensemble.withBlobFields(
                  (x, b) -> {
                    b.set("b", x);
                    b.set("n", Math.round(x[0] * 1000));
                    return -0.5 * (x[0] * x[0] + x[1] * x[1]);
                  },
                  List.of(
                      io.emcee.core.model.BlobField.array("b", 2),
                      io.emcee.core.model.BlobField.integer("n")),
                  start),
              10);
    }
    Result r = ok("inspect", chain.toString());
    assertTrue(r.out().contains("blobs: [(\"b\", float64, (2,)), (\"n\", int64)]"), r.out());
    Path npz = dir.resolve("fields.npz");
    Path csv = dir.resolve("fields.csv");
    ok("export", chain.toString(), "--to", "npz", "--out", npz.toString());
    ok("export", chain.toString(), "--to", "csv", "--out", csv.toString());
    try (var zip = new java.util.zip.ZipFile(npz.toFile())) {
      byte[] header = zip.getInputStream(zip.getEntry("blobs.npy")).readNBytes(128);
      String text = new String(header, StandardCharsets.US_ASCII);
      assertTrue(
          text.contains(
              "'descr': [('b', '<f8', (2,)), ('n', '<i8')], 'fortran_order': False,"
                  + " 'shape': (10, 8),"),
          text);
    }
    List<String> rows = Files.readAllLines(csv);
    assertTrue(rows.get(0).endsWith(",log_prob,b[0],b[1],n:int64"), rows.get(0));
    assertTrue(
        rows.get(1).matches(".*,-?\\d+$"), "an integer column is written as one: " + rows.get(1));
  }

  @Test
  void exportCompressesAndRoundsToFloat32AsAsked() throws Exception {
    Path plain = dir.resolve("plain.h5");
    Path single = dir.resolve("single.h5");
    Path packed = dir.resolve("packed.h5");
    ok("export", chainA.toString(), "--to", "h5", "--out", plain.toString());
    ok("export", chainA.toString(), "--to", "h5", "--out", single.toString(), "--float32");
    ok(
        "export",
        chainA.toString(),
        "--to",
        "h5",
        "--out",
        packed.toString(),
        "--float32",
        "--compression",
        "gzip=9");
    // float32 halves the datasets; deflate shrinks further (rejected moves repeat rows).
    assertTrue(Files.size(single) < 0.6 * Files.size(plain), Files.size(single) + " bytes");
    assertTrue(Files.size(packed) < Files.size(single), Files.size(packed) + " bytes");
    try (var original = ChainFiles.open(chainA)) {
      var back = io.emcee.hdf5.EmceeHdf5.read(packed);
      int n = original.getWalkerCount() * original.getDimension();
      double[] want = new double[n];
      double[] got = new double[n];
      for (int t = 0; t < original.getIteration(); t++) {
        original.readCoords(t, want, 0);
        back.readCoords(t, got, 0);
        for (int i = 0; i < n; i++) {
          assertEquals((double) (float) want[i], got[i], 0.0, "step " + t + " value " + i);
        }
      }
    }
  }

  static Stream<Arguments> badInvocations() {
    return Stream.of(
        Arguments.of(List.of("demi"), 2, "no command 'demi'; did you mean demo?"),
        Arguments.of(
            List.of("inspect", "no-such.chain"), 1, "[EMCEE-F004] no chain file at no-such.chain"),
        Arguments.of(List.of("demo", "--steps", "ten"), 2, "'ten' is not an int"),
        Arguments.of(
            List.of("--pool", "hazelcst", "demo"), 2, "[EMCEE-C005] --pool hazelcst: no such pool"),
        Arguments.of(List.of("inspect", "notes.txt"), 1, "[EMCEE-F001] notes.txt is neither"),
        Arguments.of(List.of("export", "a.chain"), 2, "Missing required option: '--to=FORMAT'"),
        Arguments.of(
            List.of("export", "a.chain", "--to", "xls"), 2, "expected one of [h5, npz, csv]"),
        Arguments.of(
            List.of("export", "a.chain", "--to", "h5", "--compression", "lzf"),
            2,
            "[EMCEE-C041] --compression lzf: give gzip, gzip=LEVEL"),
        Arguments.of(
            List.of("export", "a.chain", "--to", "h5", "--compression", "gzip=0"),
            2,
            "[EMCEE-C041]"),
        Arguments.of(
            List.of("export", "a.chain", "--to", "npz", "--float32"),
            2,
            "[EMCEE-C040] --float32 applies to --to h5 only"),
        Arguments.of(
            List.of("export", "a.chain", "--to", "csv", "--structured-blobs"),
            2,
            "[EMCEE-C043] --structured-blobs applies to --to h5 and npz only"),
        Arguments.of(
            List.of("demo", "--walkers", "5"), 2, "[EMCEE-C001] --walkers must be at least 20"),
        Arguments.of(List.of("demo", "--out", "a.chain"), 2, "[EMCEE-C003] --out a.chain exists"),
        Arguments.of(
            List.of("inspect", "a.chain", "--discard", "600"),
            2,
            "[EMCEE-C002] --discard 600 and --thin 1 leave none of the 60 steps of a.chain"),
        Arguments.of(List.of("fit-line", "--data", "notes.txt"), 1, "[EMCEE-C011]"),
        Arguments.of(List.of("inspect", "--frob", "a.chain"), 2, "Unknown option: '--frob'"),
        Arguments.of(List.of(), 2, "no command given"));
  }

  @ParameterizedTest
  @MethodSource("badInvocations")
  void aBadInvocationPrintsOneLineAndExitsNonZero(List<String> args, int exit, String message)
      throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not a chain\n");
    Result r = emcee(args.toArray(String[]::new));
    assertEquals(exit, r.exit(), r::toString);
    assertEquals(1, r.errLines().size(), r::toString);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("emcee: "), line);
    assertTrue(line.contains(message), () -> message + " not in: " + line);
    assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r::toString);
    assertEquals("", r.out());
  }

  @Test
  void binEmceeRunsTheCommand() throws Exception {
    Path script = Path.of("..", "bin", "emcee").toAbsolutePath().normalize();
    // Built already by this build: skip bin/emcee's own build check.
    Result version =
        launch(List.of(script.toString(), "--version"), Map.of("EMCEE_CLI_BUILT", "1"));
    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().startsWith("emcee for the JVM"), version.out());
    Result missing =
        launch(
            List.of(script.toString(), "inspect", "missing.chain"), Map.of("EMCEE_CLI_BUILT", "1"));
    assertEquals(1, missing.exit(), missing::toString);
    assertEquals(List.of("emcee: [EMCEE-F004] no chain file at missing.chain"), missing.errLines());
  }

  @Test
  void binDemoWithNothingConfiguredRunsOnTheLocalPoolThoughTheGridsAreOnTheClassPath()
      throws Exception {
    Path script = Path.of("..", "bin", "demo").toAbsolutePath().normalize();
    String classPath = Files.readString(Path.of("target", "classpath.txt"));
    assertTrue(
        classPath.contains("pool-hazelcast") && classPath.contains("pool-ignite"), classPath);
    Result demo = launch(List.of(script.toString(), "300", "7"), Map.of("EMCEE_CLI_BUILT", "1"));
    assertEquals(0, demo.exit(), demo::toString);
    assertTrue(demo.out().contains("on the 'local' pool"), demo.out());
  }

  /** The three plots exist as PNG images of a sensible size with something drawn on them. */
  private static void assertPlots(Path plots, String prefix) throws IOException {
    for (String name : List.of("trace", "corner", "tau")) {
      Path file = plots.resolve(prefix + name + ".png");
      assertTrue(Files.isRegularFile(file), () -> file + " not written");
      BufferedImage image = ImageIO.read(file.toFile());
      assertTrue(image.getWidth() >= 200 && image.getHeight() >= 200, file::toString);
      int first = image.getRGB(0, 0);
      boolean drawn = false;
      for (int y = 0; y < image.getHeight() && !drawn; y += 3) {
        for (int x = 0; x < image.getWidth() && !drawn; x += 3) {
          drawn = image.getRGB(x, y) != first;
        }
      }
      assertTrue(drawn, () -> file + " is blank");
    }
  }
}
