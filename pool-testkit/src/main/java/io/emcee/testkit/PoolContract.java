package io.emcee.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.EvaluationException;
import io.emcee.api.LogProbability;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.core.Ensemble;
import io.emcee.core.MultiSampler;
import io.emcee.core.Sampler;
import io.emcee.core.model.Model;
import io.emcee.core.model.ParameterNames;
import io.emcee.core.moves.DESnookerMove;
import io.emcee.core.moves.StretchMove;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What every pool backend promises, as tests: a backend's test class extends this one and says how
 * to start its pool. The same seed gives the serial pool's chain bit for bit; results come back in
 * input order; the failing row with the lowest index is reported with where it ran; a closed pool
 * and a worker refuse {@code map}; a distributed pool refuses a function that cannot travel at
 * once, even before any worker joins; a dead worker's share is still evaluated (where the backend
 * survives one); a pool listens on loopback only and on no client port; closing leaves no thread
 * and no child process behind.
 *
 * <pre>{@code class MyPoolContractTest extends PoolContract { protected Pool master() { ... } } }
 * </pre>
 */
@io.emcee.api.Stability(io.emcee.api.Stability.Level.EXPERIMENTAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class PoolContract {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** For subclasses. */
  protected PoolContract() {}

  /**
   * Starts the pool under test as master, with the workers it can have in this test (started
   * through {@link #closeAfter}) and waits for them.
   *
   * @return the master
   */
  protected abstract Pool master();

  /**
   * Starts a master that no worker has joined; by default {@link #master()}.
   *
   * @return the master alone
   */
  protected Pool masterAlone() {
    return master();
  }

  /**
   * Starts a worker of this backend whose master is not there, or null when the backend has no
   * worker role in a process.
   *
   * @return a worker, or null
   */
  protected @Nullable Pool worker() {
    return null;
  }

  /**
   * Checks where a failing row ran, as the error names it: row 37 of 60 (the second third of the
   * batch when the master has two workers).
   *
   * @param location the error's location
   */
  protected void checkFailureLocation(String location) {
    assertFalse(location.isBlank(), "where it ran");
  }

  /**
   * Whether the pool sends the function to other processes (so it must be serializable).
   *
   * @return false unless overridden
   */
  protected boolean shipsFunctions() {
    return false;
  }

  /**
   * Whether a closed pool refuses {@code map} (the serial pool has nothing to close).
   *
   * @return true unless overridden
   */
  protected boolean closeIsFinal() {
    return true;
  }

  /**
   * Whether the backend can start only one pool per process (MPI cannot initialize again once
   * finalized): then {@link #master()} returns that pool every time, the tests leave it open and
   * the two that close it run last. Such a test class needs a JVM of its own.
   *
   * @return false unless overridden
   */
  protected boolean onePoolPerProcess() {
    return false;
  }

  /**
   * Kills one worker of {@code master}'s pool as a crash would, or returns false when the backend
   * cannot survive that (then the test is skipped).
   *
   * @param master the master
   * @return whether a worker was killed
   */
  protected boolean killOneWorker(Pool master) {
    return false;
  }

  /**
   * Whether {@code thread}, started by the pool, may outlive it (a library's JVM-wide thread).
   *
   * @param thread a thread still alive after close
   * @return false unless overridden
   */
  protected boolean mayOutliveThePool(Thread thread) {
    return false;
  }

  /**
   * Closes {@code resource} after the test, before the pools opened before it.
   *
   * @param <T> its type
   * @param resource a worker or anything the test starts
   * @return {@code resource}
   */
  protected final <T extends AutoCloseable> T closeAfter(T resource) {
    opened.push(resource);
    return resource;
  }

  @AfterEach
  final void closeEverything() throws Exception {
    while (!opened.isEmpty()) {
      opened.pop().close();
    }
  }

  private Pool open(Pool pool) {
    return onePoolPerProcess() ? pool : closeAfter(pool);
  }

  /** {@code n} × {@code ndim} standard-normal points. */
  private static double[][] start(int n, int ndim, long seed) {
    Random r = new Random(seed);
    double[][] s = new double[n][ndim];
    for (double[] w : s) {
      for (int j = 0; j < ndim; j++) {
        w[j] = r.nextGaussian();
      }
    }
    return s;
  }

  private static final LogProbability NORMAL =
      x -> {
        double s = 0;
        for (double v : x) {
          s += v * v;
        }
        return -0.5 * s;
      };

  /** Threads the JVM starts on first use and keeps, whoever used them first. */
  private static boolean jvmWide(Thread t) {
    String name = t.getName();
    return name.startsWith("ForkJoinPool.commonPool")
        || name.equals("process reaper")
        || name.equals("Attach Listener")
        || name.startsWith("surefire-");
  }

  @Test
  void theChainIsTheSerialPoolsBitForBit() {
    Sampler serial = Sampler.builder().seed(11).build();
    serial.run(new Ensemble(NORMAL, start(24, 3, 5), Pools.serial()), 40);
    Sampler here = Sampler.builder().seed(11).build();
    here.run(new Ensemble(NORMAL, start(24, 3, 5), open(master())), 40);
    assertSameChain(serial, here, "");
  }

  /**
   * An odd number of walkers splits into sets of unequal sizes (13 and 12; 7, 6, 6 and 6 for the
   * snooker's four): each set's batch still comes back as the serial pool's.
   */
  @Test
  void theChainIsTheSerialPoolsBitForBitWithAnOddNumberOfWalkers() {
    Sampler serial = oddWalkerSampler();
    serial.run(new Ensemble(NORMAL, start(25, 3, 9), Pools.serial()), 30);
    Sampler here = oddWalkerSampler();
    here.run(new Ensemble(NORMAL, start(25, 3, 9), open(master())), 30);
    assertSameChain(serial, here, "");
  }

  /**
   * A model that reads its point by name travels with its names (and gets a view of its own on each
   * worker thread): its chain is the positional model's on the serial pool.
   */
  @Test
  void aModelWithParameterNamesGivesThePositionalChain() {
    ParameterNames names = ParameterNames.builder().vector("mu", 0, 1).scalar("sigma", 2).build();
    LogProbability named =
        names.logProbability(
            p -> {
              double[] mu = p.vector("mu");
              return -0.5 * (mu[0] * mu[0] + mu[1] * mu[1] + p.get("sigma") * p.get("sigma"));
            });
    Sampler serial = Sampler.builder().seed(29).build();
    serial.run(new Ensemble(NORMAL, start(12, 3, 3), Pools.serial()), 20);
    Sampler here = Sampler.builder().seed(29).build();
    here.run(new Ensemble(named, start(12, 3, 3), open(master())), 20);
    assertTrue(
        java.util.Arrays.deepEquals(serial.getCoords(), here.getCoords()), "the coordinates");
  }

  /**
   * Independent ensembles run together put the proposals of all of them for one half-step into one
   * map of this pool, and each ensemble's chain is the serial chain of a single run with its
   * derived seed.
   */
  @Test
  void severalEnsemblesShareEachMapAndEachGetsItsSingleRunsChain() {
    int ensembles = 3;
    int steps = 12;
    List<double[][]> starts = new ArrayList<>();
    for (int e = 0; e < ensembles; e++) {
      starts.add(start(10, 3, 40 + e));
    }
    Pool pool = open(master());
    AtomicInteger maps = new AtomicInteger();
    Pool counted =
        new Pool() {
          @Override
          public void map(
              RowFunction f, double[] in, int inWidth, int n, double[] out, int outWidth) {
            maps.incrementAndGet();
            pool.map(f, in, inWidth, n, out, outWidth);
          }

          @Override
          public String getName() {
            return pool.getName();
          }

          @Override
          public void close() {}
        };
    MultiSampler multi = MultiSampler.builder().ensembles(ensembles).seed(77).build();
    multi.run(Model.of(NORMAL, counted), starts, steps);
    assertEquals(1 + 2 * steps, maps.get(), "one map for the start and per half-step");
    for (int e = 0; e < ensembles; e++) {
      Sampler single = Sampler.builder().seed(MultiSampler.seedOf(77, e)).build();
      single.run(new Ensemble(NORMAL, starts.get(e), Pools.serial()), steps);
      assertSameChain(single, multi.getSampler(e), " of ensemble " + e);
    }
  }

  /** The two samplers stored the same chain, bit for bit, and the same acceptance. */
  private static void assertSameChain(Sampler expected, Sampler actual, String which) {
    assertTrue(
        java.util.Arrays.deepEquals(expected.getCoords(), actual.getCoords()),
        "the coordinates" + which);
    assertTrue(
        java.util.Arrays.deepEquals(expected.getLogProbability(), actual.getLogProbability()),
        "the log-probabilities" + which);
    assertArrayEquals(
        expected.getAcceptanceFraction(), actual.getAcceptanceFraction(), "the acceptance" + which);
  }

  private static Sampler oddWalkerSampler() {
    return Sampler.builder()
        .seed(17)
        .move(new StretchMove(), 0.5)
        .move(new DESnookerMove(), 0.5)
        .build();
  }

  /**
   * A model whose rows cost different amounts (0.4 ms where x0 is negative, 2 ms elsewhere, waited
   * rather than computed), enough for a pool that balances to hand out chunks dynamically.
   */
  private static final LogProbability UNEQUAL =
      x -> {
        long end = System.nanoTime() + (x[0] > 0 ? 2_000_000L : 400_000L);
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
          java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
        return -0.5 * x[0] * x[0];
      };

  @Test
  void theChainIsTheSerialPoolsBitForBitWhenRowsCostDifferentAmounts() {
    Sampler serial = Sampler.builder().seed(23).build();
    serial.run(new Ensemble(UNEQUAL, start(32, 3, 7), Pools.serial()), 12);
    Sampler here = Sampler.builder().seed(23).build();
    here.run(new Ensemble(UNEQUAL, start(32, 3, 7), open(master())), 12);
    assertSameChain(serial, here, "");
  }

  @Test
  void resultsComeBackInInputOrder() {
    Pool pool = open(master());
    int n = 101;
    double[] in = new double[2 * n];
    for (int i = 0; i < n; i++) {
      in[2 * i] = i;
      in[2 * i + 1] = 0.5;
    }
    double[] out = new double[2 * n];
    RowFunction twoOutputs =
        (x, r) -> {
          r[0] = x[0] * 10 + x[1];
          r[1] = 100 - x[0];
        };
    for (int round = 0; round < 3; round++) {
      pool.map(twoOutputs, in, 2, n, out, 2);
      for (int i = 0; i < n; i++) {
        assertEquals(i * 10 + 0.5, out[2 * i], "row " + i);
        assertEquals(100.0 - i, out[2 * i + 1], "row " + i);
      }
    }
  }

  @Test
  void theFirstFailingRowIsNamedWithWhereItRan() {
    Pool pool = open(master());
    int n = 60;
    double[] in = new double[n];
    for (int i = 0; i < n; i++) {
      in[i] = i;
    }
    LogProbability failing =
        x -> {
          if (x[0] == 37 || x[0] == 52) {
            throw new IllegalStateException("bad row " + (int) x[0]);
          }
          return x[0];
        };
    EvaluationException e =
        assertThrows(
            EvaluationException.class, () -> pool.map(failing, in, 1, n, new double[n], 1));
    assertEquals(37, e.getIndex());
    checkFailureLocation(e.getLocation());
    assertTrue(e.getCauseDescription().contains("bad row 37"), e.getCauseDescription());
    double[] out = new double[n];
    pool.map((LogProbability) x -> x[0] + 1, in, 1, n, out, 1);
    assertEquals(n, out[n - 1], "the pool stays usable");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aClosedPoolRefusesToMap() {
    Assumptions.assumeTrue(closeIsFinal(), "this pool has nothing to close");
    Pool pool = master();
    pool.close();
    pool.close(); // twice is harmless
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> pool.map((LogProbability) x -> 0, new double[1], 1, 1, new double[1], 1));
    assertEquals("EMCEE-P005", e.getCode());
  }

  @Test
  void aWorkerRefusesToMap() {
    Pool worker = worker();
    Assumptions.assumeTrue(worker != null, "this pool has no worker role");
    open(worker);
    assertFalse(worker.isMaster());
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> worker.map((LogProbability) x -> 0, new double[1], 1, 1, new double[1], 1));
    assertEquals("EMCEE-P006", e.getCode());
    assertTrue(e.getMessage().contains("waitForTasks()"), e.getMessage());
  }

  @Test
  void aFunctionThatCannotTravelIsRefusedAtOnceEvenWithNoWorker() {
    Assumptions.assumeTrue(shipsFunctions(), "this pool runs the function in its own process");
    Pool pool = open(masterAlone());
    Object notSerializable = new Object();
    LogProbability capturing = x -> notSerializable.hashCode() * 0.0;
    PoolException e =
        assertThrows(
            PoolException.class, () -> pool.map(capturing, new double[4], 1, 4, new double[4], 1));
    assertEquals("EMCEE-P030", e.getCode());
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
  }

  @Test
  void aDeadWorkersShareIsStillEvaluated() {
    Pool pool = open(master());
    int n = 48;
    double[] in = new double[n];
    for (int i = 0; i < n; i++) {
      in[i] = i;
    }
    LogProbability twice = x -> 2 * x[0];
    double[] out = new double[n];
    pool.map(twice, in, 1, n, out, 1);
    Assumptions.assumeTrue(killOneWorker(pool), "this pool does not survive a dead worker");
    for (int round = 0; round < 3; round++) {
      java.util.Arrays.fill(out, Double.NaN);
      pool.map(twice, in, 1, n, out, 1);
      for (int i = 0; i < n; i++) {
        assertEquals(2.0 * i, out[i], "row " + i);
      }
    }
  }

  @Test
  void itListensOnLoopbackOnlyAndOnNoClientPort() throws Exception {
    Pool pool = open(master());
    pool.map((LogProbability) x -> x[0], new double[8], 1, 8, new double[8], 1);
    List<String> sockets = ListeningSockets.ofThisProcess();
    assertTrue(ListeningSockets.allOnLoopback(sockets), "loopback only: " + sockets);
    assertEquals(
        List.of(),
        ListeningSockets.onPorts(sockets, ListeningSockets.CLIENT_PORTS),
        "client ports");
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)
  void closingLeavesNoThreadOrProcessBehind() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    long children = ProcessHandle.current().children().count();
    Pool pool = open(master());
    pool.map((LogProbability) x -> x[0], new double[64], 1, 64, new double[64], 1);
    pool.close();
    closeEverything();
    List<Thread> left = new ArrayList<>();
    long deadline = System.nanoTime() + 20_000_000_000L;
    do {
      left.clear();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.isAlive() && !before.contains(t) && !jvmWide(t) && !mayOutliveThePool(t)) {
          left.add(t);
        }
      }
      if (left.isEmpty()) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertEquals(
        List.of(),
        left.stream().map(Thread::getName).collect(Collectors.toList()),
        "threads left running");
    assertEquals(children, ProcessHandle.current().children().count(), "child processes");
  }
}
