package io.emcee.benchmarks;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * A/B of two or more builds of emcee-core in one JVM: each build (its emcee-api and emcee-core
 * jars) gets its own class loader with its own copy of {@link AbRunner}, and the builds take turns
 * run by run, in alternating order, so that drift in the machine's speed (30 % on a shared VM)
 * falls on all of them alike. Prints the minimum, lower quartile and median time per step of each.
 * {@code benchmarks/ab-core.sh REV} builds revision REV and compares it with the working tree.
 *
 * <pre>{@code CoreAbMain 1000 fresh 300 old-api.jar:old-core.jar new-api.jar:new-core.jar}</pre>
 */
public final class CoreAbMain {
  private CoreAbMain() {}

  /**
   * Runs the comparison.
   *
   * @param args steps per run, {@code fresh} (a new sampler and chain per run) or {@code reuse},
   *     measured rounds, then one class path (jars joined by the path separator) per build
   * @throws ReflectiveOperationException when a build lacks the sampler's public API
   * @throws MalformedURLException when a path is not a file
   */
  public static void main(String[] args)
      throws ReflectiveOperationException, MalformedURLException {
    if (args.length < 5) {
      System.err.println(
          "usage: CoreAbMain STEPS fresh|reuse ROUNDS CLASSPATH_A CLASSPATH_B [CLASSPATH_C ...]");
      System.exit(2);
    }
    int steps = Integer.parseInt(args[0]);
    boolean reuse = args[1].equals("reuse");
    int rounds = Integer.parseInt(args[2]);
    int n = args.length - 3;
    URL runner = AbRunner.class.getProtectionDomain().getCodeSource().getLocation();
    LongUnaryOperator[] builds = new LongUnaryOperator[n];
    for (int i = 0; i < n; i++) {
      String[] jars = args[3 + i].split(File.pathSeparator);
      URL[] urls = new URL[jars.length + 1];
      for (int j = 0; j < jars.length; j++) {
        urls[j] = new File(jars[j]).toURI().toURL();
      }
      urls[jars.length] = runner;
      ClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
      builds[i] =
          (LongUnaryOperator)
              loader.loadClass(AbRunner.class.getName()).getConstructor().newInstance();
    }
    long arg = (long) steps << 1 | (reuse ? 1 : 0);
    double[][] perStep = new double[n][rounds];
    int warmUp = Math.max(20, rounds / 3);
    for (int r = -warmUp; r < rounds; r++) {
      for (int k = 0; k < n; k++) {
        int i = (r & 1) == 0 ? k : n - 1 - k; // alternate the order: the first slot runs slower
        long nanos = builds[i].applyAsLong(arg);
        if (r >= 0) {
          perStep[i][r] = nanos / 1e3 / steps;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "# %d-step runs, %s chains, %d rounds after %d of warm-up; us per step%n",
        steps,
        reuse ? "reused" : "new",
        rounds,
        warmUp);
    for (int i = 0; i < n; i++) {
      Arrays.sort(perStep[i]);
      System.out.printf(
          Locale.ROOT,
          "%s: min %.2f  p25 %.2f  median %.2f%n",
          args[3 + i],
          perStep[i][0],
          perStep[i][rounds / 4],
          perStep[i][rounds / 2]);
    }
  }
}
