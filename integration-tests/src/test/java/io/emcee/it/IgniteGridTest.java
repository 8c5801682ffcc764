package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.pool.ignite.IgnitePool;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The sampler on an Apache Ignite cluster of a master and two worker JVMs on 127.0.0.1, each worker
 * running {@link GridWorkerMain} with the test class path, a 256 MB heap and Ignite's JVM flags.
 */
class IgniteGridTest extends GridClusterTest<IgnitePool> {
  private static final long HEAP_LIMIT_MB = 256;

  /** Ignite's flags for Java 17, as the build passes them to this JVM. */
  static List<String> igniteFlags() {
    String options = System.getProperty("emcee.test.ignite.options", "").trim();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  @Override
  protected String poolName() {
    return "ignite";
  }

  @Override
  protected int basePort(int index) {
    return 47600 + 10 * index;
  }

  @Override
  protected List<String> jvmFlags() {
    return igniteFlags();
  }

  @Override
  protected void checkHealthyRun(IgnitePool master) {
    // The first map (24 walkers' starting values) sends a third, 8 rows of 5 doubles, to each
    // worker; then per step 2 half-steps, each sending a third of its 12 walkers to each worker.
    assertEquals(
        2 * 8 * 5 * 8 + 200 * 2 * 2 * 4 * 5 * 8, master.getRowBytesSent(), "rows in order");
  }

  /** Also: within the heap limit. */
  @Override
  protected void checkWorkerEnded(ChildJvm worker) throws Exception {
    super.checkWorkerEnded(worker);
    String out = worker.output();
    long peak = GridWorkerMain.heapPeakMegabytes(out);
    assertTrue(peak > 0 && peak < HEAP_LIMIT_MB, "worker heap peak " + peak + " MB\n" + out);
    assertTrue(out.contains("of 256 MB"), out);
  }

  @Test
  void bytesPerStepGrowWithWalkersTimesNdimNotWithTheModelsData() throws Exception {
    double[] data = new double[1_310_720]; // 10 MB captured by the model
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 7;
    }
    LogProbability heavy = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]) + data[3] * 0;
    LogProbability light = x -> -0.5 * (x[0] * x[0] + x[1] * x[1]);
    try (IgnitePool master = cluster(47640)) {
      long[] heavyRun = wireBytes(master, heavy, 24);
      long[] lightRun = wireBytes(master, light, 24);
      long[] wideRun = wireBytes(master, light, 1536);
      System.out.printf(
          "wire bytes: first step %d (10 MB model) / %d (small); per step %d / %d / %d at 64x the"
              + " walkers; rows per step %d / %d%n",
          heavyRun[0], lightRun[0], heavyRun[1], lightRun[1], wideRun[1], lightRun[2], wideRun[2]);
      assertTrue(heavyRun[0] > 2 * 10_000_000, "the model's data went to each node once");
      assertTrue(lightRun[0] < 1_000_000, "a small model is small: " + lightRun[0]);
      // Ignite's own messages ride along (a few hundred bytes a step, varying), so the model's
      // cost per step is bounded far below its size: sent even once per 100 steps it would
      // add 100 KB a step.
      assertTrue(
          Math.abs(heavyRun[1] - lightRun[1]) < 10_000,
          "per step, a 10 MB model costs what a small one does: "
              + heavyRun[1]
              + " vs "
              + lightRun[1]);
      // 64 times the walkers: the wire count grows by the rows it carries (counted exactly by
      // the pool), give or take Ignite's framing and its own messages.
      double rowGrowth = wideRun[2] - lightRun[2];
      double growth = wideRun[1] - lightRun[1];
      // Per step 2 halves x 2 workers, each a third of a half: 256 rows of 2 doubles, not 4.
      assertEquals(2 * 2 * (256 - 4) * 2 * 8, rowGrowth, "row bytes per step");
      assertTrue(growth > 0.9 * rowGrowth && growth < 1.5 * rowGrowth, growth + " vs " + rowGrowth);
    }
  }

  /**
   * Wire bytes of the first step (the function travels), then the mean wire bytes and row bytes per
   * step over the next 40 steps.
   */
  private static long[] wireBytes(IgnitePool master, LogProbability model, int nwalkers) {
    Sampler s = Sampler.builder().seed(1).build();
    long before = master.getWireBytesSent();
    Ensemble last = s.run(new Ensemble(model, TestModels.start(nwalkers, 2, 17), master), 1);
    long first = master.getWireBytesSent() - before;
    long wire = master.getWireBytesSent();
    long rows = master.getRowBytesSent();
    s.run(last, 40);
    return new long[] {
      first, (master.getWireBytesSent() - wire) / 40, (master.getRowBytesSent() - rows) / 40
    };
  }

  /** A model class written and compiled here, so that only the master's class path has it. */
  private static Path compilePeerModel() throws Exception {
    Path dir = Files.createTempDirectory("peer-model");
    Path source = dir.resolve("org/example/peer/PeerModel.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        String.join(
            "\n",
            "package org.example.peer;",
            "public final class PeerModel implements io.emcee.api.LogProbability {",
            "  static { System.out.println(\"PeerModel loaded in \" + ProcessHandle.current().pid()); }",
            "  private final double[] scale = {1.0, 2.0, 0.5};",
            "  public double logProbability(double[] x) {",
            "    double s = 0;",
            "    for (int i = 0; i < x.length; i++) { double z = x[i] / scale[i]; s += z * z; }",
            "    return -0.5 * s;",
            "  }",
            "}"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-cp",
            ChildJvm.classPathWithout(s -> false),
            "-d",
            dir.toString(),
            source.toString());
    assertEquals(0, status, "the peer model compiles");
    Files.delete(source);
    return dir;
  }

  @Test
  void aModelClassTheWorkersLackReachesThemByPeerClassLoading() throws Exception {
    Path classes = compilePeerModel();
    Sampler serial = Sampler.builder().seed(5).build();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      LogProbability model =
          (LogProbability)
              loader.loadClass("org.example.peer.PeerModel").getDeclaredConstructor().newInstance();
      serial.run(new Ensemble(model, TestModels.start(24, 3, 17), Pools.serial()), 100);
    }
    int base = 47620;
    // The workers' class path lacks the model; their deserialization allow-list names its package.
    startWorkers(base, Map.of("EMCEE_SERIALIZATION_ALLOW", "org.example.peer"));
    try (ChildJvm master =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false) + File.pathSeparator + classes,
            nodeEnvironment(base, base, "master"),
            igniteFlags(),
            IgniteChainMain.class,
            "org.example.peer.PeerModel",
            "3",
            "100")) {
      assertEquals(0, master.waitFor(Duration.ofSeconds(180)), master.output());
      String out = master.output();
      assertTrue(out.contains("digest=" + ChainDigest.of(serial)), out);
      assertTrue(out.matches("(?s).*row bytes sent=[1-9].*"), "the workers took rows:\n" + out);
      long peak = GridWorkerMain.heapPeakMegabytes(out);
      assertTrue(peak > 0 && peak < HEAP_LIMIT_MB, "master heap peak " + peak + " MB\n" + out);
    }
    for (ChildJvm worker : children) {
      assertEquals(0, worker.waitFor(Duration.ofSeconds(60)), worker.output());
      assertTrue(
          worker.output().contains("PeerModel loaded in " + worker.process().pid()),
          "the worker loaded the model class from the master:\n" + worker.output());
    }
    for (ChildJvm worker : children) {
      checkWorkerEnded(worker);
    }
  }

  @Test
  void withoutIgnitesJvmFlagsTheErrorListsThem() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of("EMCEE_POOL", "ignite", "EMCEE_CLUSTER_PORT", "47630"),
            List.of(),
            GridWorkerMain.class)) {
      assertNotEquals(0, child.waitFor(Duration.ofSeconds(60)), child.output());
      String out = child.output();
      assertTrue(out.contains("EMCEE-P051"), out);
      assertTrue(out.contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), out);
      assertFalse(out.contains("org.apache.ignite.IgniteException"), out);
    }
  }
}
