package io.emcee.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EmceeException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.random.RandomStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Parameter names that reach the model, modelled on emcee's {@code tests/unit/test_ensemble.py}: a
 * row read as a dict, named and grouped parameters in a log-probability, the checks emcee asserts,
 * a run with named parameters; and what the JVM adds: the same chain as the positional model, one
 * view per thread, the names travelling with the function, and no allocation per call.
 */
class ParameterNamesTest {
  private static final double[] DATA = data();

  private static double[] data() {
    RandomStream r = new RandomStream(100);
    double[] x = new double[100];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
    }
    return x;
  }

  private static double[][] uniform(int n, int ndim, long seed) {
    RandomStream r = new RandomStream(seed);
    double[][] x = new double[n][ndim];
    for (double[] row : x) {
      for (int j = 0; j < ndim; j++) {
        row[j] = r.nextDouble();
      }
    }
    return x;
  }

  /** emcee's {@code lnpdf}: a Gaussian's mean and variance, by name. */
  private static double lnpdf(Parameters p) {
    double mean = p.get("mean");
    double var = p.get("var");
    if (var <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double s = 0;
    for (double x : DATA) {
      s += (mean - x) * (mean - x) / var + Math.log(2 * Math.PI * var);
    }
    return -0.5 * s;
  }

  /** emcee's {@code lnpdf_mixture_grouped}: two means and two variances as vectors, a constant. */
  private static double lnpdfMixtureGrouped(Parameters p) {
    double[] means = p.vector("means");
    double mean1 = means[0];
    double mean2 = means[1];
    double var1 = p.get("vars", 0);
    double var2 = p.get("vars", 1);
    double constant = p.get("constant");
    if (var1 <= 0 || var2 <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double s = 0;
    for (double x : DATA) {
      s +=
          (mean1 - x) * (mean1 - x) / var1
              + Math.log(2 * Math.PI * var1)
              + (mean2 - x - 3) * (mean2 - x - 3) / var2
              + Math.log(2 * Math.PI * var2);
    }
    return -0.5 * s + constant;
  }

  @Test
  void aRowReadsAsEmceesDict() {
    String letters = "abcdefghijklmnopqrstuvwxyz";
    for (int keys : new int[] {1, 2, 10, 26}) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < keys; i++) {
        names.add(letters.substring(i, i + 1));
      }
      ParameterNames pn = ParameterNames.of(names);
      for (int n : new int[] {1, 2, 3, 10, 100}) {
        double[][] x = uniform(n, keys, n * 31L + keys);
        for (int i = 0; i < n; i++) {
          Parameters p = pn.view(x[i]);
          for (int j = 0; j < keys; j++) {
            assertEquals(x[i][j], p.get(names.get(j)), "value at " + i + ", " + j);
          }
        }
      }
    }
  }

  @Test
  void namedParametersAreKeptInOrder() {
    ParameterNames names = ParameterNames.of("mean", "var");
    assertEquals(List.of("mean", "var"), names.getNames());
    assertEquals(2, names.getDimension());
    assertEquals(List.of("mean", "var"), names.getLabels());
    ParameterNames grouped =
        ParameterNames.builder()
            .vector("means", 0, 1)
            .vector("vars", 2, 3)
            .scalar("constant", 4)
            .build();
    assertEquals(List.of("means", "vars", "constant"), grouped.getNames());
    assertEquals(5, grouped.getDimension());
    assertEquals(
        List.of("means[0]", "means[1]", "vars[0]", "vars[1]", "constant"), grouped.getLabels());
    assertTrue(grouped.isVector("means"));
    assertFalse(grouped.isVector("constant"));
    assertArrayEquals(new int[] {2, 3}, grouped.getIndices("vars"));
    assertEquals("{means: [0, 1], vars: [2, 3], constant: 4}", grouped.toString());
  }

  private static void refused(String code, String fragment, Runnable action) {
    EmceeException e = assertThrows(EmceeException.class, action::run);
    assertEquals(code, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  /** emcee's {@code test_asserts}, and the checks of its dict form. */
  @Test
  void badNamesAreRefusedAsEmceeRefusesThem() {
    refused("EMCEE-I060", "\"a\" is given twice", () -> ParameterNames.of("a", "b", "a"));
    refused("EMCEE-I060", "no parameter names", () -> ParameterNames.of());
    refused("EMCEE-I060", "is blank", () -> ParameterNames.of("a", " "));
    refused(
        "EMCEE-I060",
        "no parameter name covers dimension 1 of 0 to 2",
        () -> ParameterNames.builder().scalar("a", 0).scalar("b", 2).build());
    refused(
        "EMCEE-I060",
        "names dimension -1",
        () -> ParameterNames.builder().scalar("a", 0).scalar("b", -1).build());
    refused("EMCEE-I060", "names no dimension", () -> ParameterNames.builder().vector("v").build());
    // ndim and names disagree: the first evaluation (the start) says so, naming both.
    ParameterNames two = ParameterNames.of("mean", "var");
    LogProbabilityException e =
        assertThrows(
            LogProbabilityException.class,
            () ->
                Sampler.builder()
                    .seed(1)
                    .build()
                    .run(
                        new Ensemble(
                            two.logProbability(ParameterNamesTest::lnpdf), uniform(4, 1, 1)),
                        1));
    assertTrue(
        e.getMessage().contains("EMCEE-I061")
            && e.getMessage().contains("cover 2 dimensions but the point has 1"),
        e.getMessage());
  }

  @Test
  void aViewRefusesWhatTheNamesDoNotHold() {
    ParameterNames names =
        ParameterNames.builder().vector("mu", 0, 1).scalar("sigma", 2).vector("one", 3).build();
    Parameters p = names.view(new double[] {1, 2, 3, 4});
    refused("EMCEE-I062", "no parameter is named \"tau\"", () -> p.get("tau"));
    refused("EMCEE-I062", "\"mu\" is a vector of 2 values", () -> p.get("mu"));
    refused("EMCEE-I062", "\"sigma\" is a scalar", () -> p.vector("sigma"));
    refused("EMCEE-I062", "k = 2 is out of range", () -> p.get("mu", 2));
    refused("EMCEE-I061", "the point has 3", () -> names.view(new double[3]));
    assertEquals(4, p.get("one"), "a vector of one reads as a scalar too");
    assertEquals(3, p.get("sigma", 0));
    assertEquals(2, p.size("mu"));
    assertEquals("{mu=[1.0, 2.0], sigma=3.0, one=[4.0]}", p.toString());
  }

  /** emcee's {@code test_compute_log_prob} and its mixture variants, for several walker counts. */
  @Test
  void theNamedModelComputesWhatThePositionalOneDoes() {
    ParameterNames grouped =
        ParameterNames.builder()
            .vector("means", 0, 1)
            .vector("vars", 2, 3)
            .scalar("constant", 4)
            .build();
    LogProbability named = grouped.logProbability(ParameterNamesTest::lnpdfMixtureGrouped);
    LogProbability positional = x -> lnpdfMixtureGrouped(grouped.view(x));
    for (int n : new int[] {8, 10, 20}) {
      double[][] coords = uniform(n, 5, n);
      double[] a = new Ensemble(named, coords).getLogProbability();
      double[] b = new Ensemble(positional, coords).getLogProbability();
      assertEquals(n, a.length);
      assertArrayEquals(b, a);
    }
  }

  /** emcee's {@code test_run_mcmc}: four walkers, 50 steps, parameters by name. */
  @Test
  void aRunWithNamedParameters() {
    ParameterNames names = ParameterNames.of("mean", "var");
    Sampler sampler = Sampler.builder().seed(7).build();
    double[][] guess = uniform(4, 2, 3);
    for (double[] g : guess) {
      g[1] += 0.5; // a positive variance
    }
    Ensemble last =
        sampler.run(new Ensemble(names.logProbability(ParameterNamesTest::lnpdf), guess), 50);
    assertEquals(4, last.getWalkerCount());
    assertEquals(2, last.getDimension());
    assertEquals(50, sampler.getCoords().length);
  }

  /**
   * emcee's {@code EnsembleSampler(..., parameter_names=...)}: the sampler takes the names whole,
   * labels its chain with them, and refuses what emcee refuses (names that do not match ndim, named
   * parameters with {@code vectorize=True}) and a model read by other names.
   */
  @Test
  void theSamplerTakesParameterNamesAsEmceesParameterNames() {
    ParameterNames names = ParameterNames.builder().vector("mu", 0, 1).scalar("sigma", 2).build();
    LogProbability model =
        names.logProbability(
            p -> {
              double[] mu = p.vector("mu");
              double s = p.get("sigma");
              return -0.5 * (mu[0] * mu[0] + mu[1] * mu[1] + s * s);
            });
    Sampler sampler = Sampler.builder().seed(3).parameterNames(names).build();
    sampler.run(new Ensemble(model, uniform(10, 3, 4)), 20);
    assertEquals(List.of("mu[0]", "mu[1]", "sigma"), sampler.getParameterNames());
    assertEquals(
        List.of("mu[0]", "mu[1]", "sigma"),
        sampler.getBackend().getMetadata().parameterNames(),
        "the stored chain is labelled");
    assertEquals(
        Optional.of(names), ParameterNames.of(new Ensemble(model, uniform(10, 3, 4)).getModel()));
    // A positional model is fine: the names then only label the dimensions.
    Sampler.builder()
        .seed(3)
        .parameterNames(names)
        .build()
        .run(new Ensemble(x -> -0.5 * x[0] * x[0], uniform(10, 3, 4)), 2);

    refused(
        "EMCEE-I081",
        "cover 3 dimensions but the ensemble has 2",
        () ->
            Sampler.builder()
                .seed(1)
                .parameterNames(names)
                .build()
                .run(new Ensemble(x -> -0.5 * x[0] * x[0], uniform(10, 2, 1)), 1));
    ParameterNames other = ParameterNames.of("a", "b", "c");
    refused(
        "EMCEE-I082",
        "reads its points by {a: 0, b: 1, c: 2}",
        () ->
            Sampler.builder()
                .seed(1)
                .parameterNames(names)
                .build()
                .run(new Ensemble(other.logProbability(p -> -p.get("a")), uniform(10, 3, 1)), 1));
    refused(
        "EMCEE-I080",
        "emcee refuses parameter_names with vectorize=True",
        () ->
            Sampler.builder()
                .seed(1)
                .parameterNames(names)
                .build()
                .run(
                    Ensemble.batched(
                        (points, count, ndim, out) -> java.util.Arrays.fill(out, 0, count, 0.0),
                        uniform(10, 3, 1)),
                    1));
    refused(
        "EMCEE-I014",
        "distinct",
        () ->
            Sampler.builder()
                .parameterNames(ParameterNames.builder().vector("a", 0).scalar("a[0]", 1).build()));
  }

  /** The named model makes the positional model's chain, bit for bit. */
  @Test
  void theSameChainAsThePositionalModel() {
    ParameterNames names = ParameterNames.builder().scalar("a", 2).vector("b", 0, 1).build();
    LogProbability named =
        names.logProbability(
            p -> {
              double[] b = p.vector("b");
              return -0.5 * (b[0] * b[0] + b[1] * b[1] + p.get("a") * p.get("a"));
            });
    LogProbability positional = x -> -0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]);
    double[][] start = uniform(12, 3, 5);
    Sampler s1 = Sampler.builder().seed(9).build();
    s1.run(new Ensemble(named, start), 40);
    Sampler s2 = Sampler.builder().seed(9).build();
    s2.run(new Ensemble(positional, start), 40);
    assertArrayEquals(s2.getFlatCoords(0, 1), s1.getFlatCoords(0, 1));
  }

  @Test
  void namedBlobs() {
    ParameterNames names = ParameterNames.of("x", "y");
    BlobLogProbability f =
        names.withBlobs(
            (p, blobs) -> {
              blobs.set("r", Math.hypot(p.get("x"), p.get("y")));
              return -0.5 * (p.get("x") * p.get("x") + p.get("y") * p.get("y"));
            });
    Sampler sampler = Sampler.builder().seed(2).build();
    sampler.run(Ensemble.withBlobs(f, List.of("r"), uniform(8, 2, 8), Pools.serial()), 10);
    double[][] xy = sampler.getFlatCoords(0, 1);
    double[] r = sampler.getFlatBlob("r", 0, 1);
    for (int i = 0; i < xy.length; i++) {
      assertEquals(Math.hypot(xy[i][0], xy[i][1]), r[i]);
    }
  }

  /** Each evaluating thread reads its own row through its own view. */
  @Test
  void everyThreadHasItsOwnView() throws Exception {
    ParameterNames names = ParameterNames.of("a", "b");
    java.util.Set<Parameters> views = ConcurrentHashMap.newKeySet();
    LogProbability f =
        names.logProbability(
            p -> {
              views.add(p);
              Thread.onSpinWait();
              return p.get("a") * 1000 + p.get("b");
            });
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        results.add(
            threads.submit(
                () -> {
                  boolean ok = true;
                  for (int i = 0; i < 20_000; i++) {
                    ok &= f.logProbability(new double[] {id, i}) == id * 1000.0 + i;
                  }
                  return ok;
                }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get());
      }
    } finally {
      threads.shutdown();
    }
    assertEquals(4, views.size(), "one view per thread");
  }

  @Test
  void theNamedModelTravelsWithItsNames() throws IOException, ClassNotFoundException {
    ParameterNames names = ParameterNames.builder().vector("mu", 1, 0).scalar("s", 2).build();
    LogProbability f = names.logProbability(p -> p.get("mu", 0) * 100 + p.get("s"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
      out.writeObject(names);
    }
    LogProbability copy;
    ParameterNames namesCopy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (LogProbability) in.readObject();
      namesCopy = (ParameterNames) in.readObject();
    }
    assertEquals(305.0, copy.logProbability(new double[] {7, 3, 5}), "mu is (x1, x0)");
    assertEquals(names, namesCopy);
    assertEquals(1.0, namesCopy.view(new double[] {0, 1, 2}).get("mu", 0));
  }

  /**
   * The hot path allocates nothing per call: after the first calls on a thread, a million calls
   * reading scalars, vector elements and a whole vector allocate less than 64 KB in all (the JIT's
   * own work; one object per call would be 16 MB).
   */
  @Test
  void aCallAllocatesNothing() {
    ParameterNames names = ParameterNames.builder().vector("mu", 0, 1).scalar("sigma", 2).build();
    LogProbability f =
        names.logProbability(
            p -> {
              double[] mu = p.vector("mu");
              return -(mu[0] * mu[0] + p.get("mu", 1)) / p.get("sigma");
            });
    double[] x = {0.5, -1, 2};
    double sum = 0;
    for (int i = 0; i < 20_000; i++) {
      sum += f.logProbability(x);
    }
    long reading = 0;
    for (int i = 0; i < 100; i++) { // what reading the counter itself costs, once it is warm
      long a = allocatedBytes();
      reading = allocatedBytes() - a;
    }
    long before = allocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      sum += f.logProbability(x);
    }
    long allocated = allocatedBytes() - before - reading;
    assertTrue(allocated < 64 * 1024, allocated + " bytes for a million calls");
    assertEquals(0.375 * 1_020_000, sum);
    assertSame(names, names.view(x).getNames());
  }

  /**
   * The bytes this thread has allocated, from the JDK's thread bean (by reflection: this module
   * does not read java.management, but the test's JVM has it), looked up once so that a reading
   * allocates next to nothing.
   */
  static long allocatedBytes() {
    try {
      return (long) ALLOCATED.invoke(THREADS, Thread.currentThread().getId());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no allocation counter in this JVM", e);
    }
  }

  private static final Object THREADS;
  private static final java.lang.reflect.Method ALLOCATED;

  static {
    try {
      THREADS =
          Class.forName("java.lang.management.ManagementFactory")
              .getMethod("getThreadMXBean")
              .invoke(null);
      ALLOCATED =
          Class.forName("com.sun.management.ThreadMXBean")
              .getMethod("getThreadAllocatedBytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
