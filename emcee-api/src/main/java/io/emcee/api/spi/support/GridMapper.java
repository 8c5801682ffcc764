package io.emcee.api.spi.support;

import io.emcee.api.EvaluationException;
import io.emcee.api.PoolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link GridPool} master spreads a batch over its members: fixed shares with its own ({@link
 * Scatter#map}), chunks balanced as members answer ({@link Scatter#balance}), or, on a client that
 * evaluates nothing, shares on the workers only. Every answer is received in one place ({@link
 * #answer}): decoded, the chunk sent again with the function when the member no longer holds it,
 * and a member that is gone forgotten and counted, its chunk then evaluated here.
 *
 * @param <M> the library's handle of a member
 * @param <A> what the library gives back for a sent chunk
 */
final class GridMapper<M, A> {
  private static final System.Logger LOG = System.getLogger(GridPool.class.getName());

  /** What a grid message is taken to add until a balanced map measured it: 0.5 ms. */
  private static final long FIRST_MESSAGE_GUESS_NANOS = 500_000L;

  private final GridPool<M, A> pool;
  private final Map<Object, Long> shipped = new ConcurrentHashMap<>();
  private final ChunkPlan plan = new ChunkPlan(FIRST_MESSAGE_GUESS_NANOS);
  private final CostOrder costOrder = new CostOrder();
  private final MapChoice choice = new MapChoice();
  private final AtomicLong chunksRerunHere = new AtomicLong();
  private @Nullable ExecutorService drivers;

  GridMapper(GridPool<M, A> pool) {
    this.pool = pool;
  }

  /** A new function: its rows may cost something else. */
  void newFunction() {
    plan.newFunction();
    choice.forget();
  }

  long chunksRerunHere() {
    return chunksRerunHere.get();
  }

  long mapsInCostOrder() {
    return costOrder.orderedMaps();
  }

  long mapsInCostShares() {
    return costOrder.sharedMaps();
  }

  /** Maps of rows whose costs differ that ran in shares of equal counts, their rows timed. */
  long mapsInTimedEqualShares() {
    return choice.maps(MapChoice.Way.EQUAL_SHARES);
  }

  /**
   * One map: the function as shipped, the rows, where their results go, this process in messages,
   * and where the members' times of each row go when they are asked for them (else null).
   */
  private record Batch(
      GridPool.Shipment run,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      long @Nullable [] rowNanos) {
    Batch(
        GridPool.Shipment run,
        double[] inputs,
        int inputWidth,
        int count,
        double[] outputs,
        int outputWidth,
        String here) {
      this(run, inputs, inputWidth, count, outputs, outputWidth, here, null);
    }

    /** The same map on its rows gathered in another order, each row's time going to rowNanos. */
    Batch reordered(double[] inputs, double[] outputs, long[] rowNanos) {
      return new Batch(run, inputs, inputWidth, count, outputs, outputWidth, here, rowNanos);
    }
  }

  /**
   * Evaluates a checked, non-empty batch on the members (and here, when this process evaluates).
   */
  void map(
      GridPool.Shipment current,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      String here,
      boolean evaluatesHere) {
    Batch b = new Batch(current, inputs, inputWidth, count, outputs, outputWidth, here);
    if (!evaluatesHere) {
      mapOnWorkersOnly(b);
      return;
    }
    List<M> workers = pool.workers();
    int processes = workers.size() + 1;
    if (workers.size() > 0 && plan.costsDiffer()) {
      // Rows that cost different amounts, timed one by one wherever they run: the way that cost
      // least lately runs the map, and what it took is measured against its rows' total time.
      long t0 = System.nanoTime();
      MapChoice.Way way = choice.next(plan.pays(count, processes));
      if (way == MapChoice.Way.BALANCED) {
        balanced(b, workers);
      } else {
        shares(b, workers, way == MapChoice.Way.COST_SHARES);
      }
      choice.took(way, System.nanoTime() - t0, costOrder.workNanos(), Math.min(count, processes));
      return;
    }
    costOrder.clear();
    Scatter.Send<M, A> send = (M m, int from, int to) -> sendShare(m, b, from, to);
    Scatter.map(
        workers,
        current.function(),
        inputs,
        inputWidth,
        count,
        outputs,
        outputWidth,
        here,
        send,
        (A answer, M m, int from, int to) -> gather(answer, m, b, from, to),
        plan);
  }

  /**
   * A balanced map: chunks handed out as members answer, the rows in predicted order, slowest
   * first, each row timed by whoever evaluates it, for the next prediction.
   */
  private void balanced(Batch b, List<M> workers) {
    GridPool.Shipment current = b.run();
    costOrder.map(
        plan,
        current.function(),
        b.inputs(),
        b.inputWidth(),
        b.count(),
        b.outputs(),
        b.outputWidth(),
        b.here(),
        (double[] in, double[] out, long[] rowNanos) -> {
          Batch ordered = b.reordered(in, out, rowNanos);
          Scatter.balance(
              workers,
              current.function(),
              in,
              b.inputWidth(),
              b.count(),
              out,
              b.outputWidth(),
              b.here(),
              plan,
              drivers(),
              (M m, int from, int to) -> sendShare(m, ordered, from, to),
              (A answer, M m, int from, int to) -> collect(answer, m, ordered, from, to),
              rowNanos);
        });
  }

  /**
   * One share per process, of equal predicted cost ({@code byCost}) or of equal counts, every row
   * timed for the next prediction.
   */
  private void shares(Batch b, List<M> workers, boolean byCost) {
    GridPool.Shipment current = b.run();
    int parts = Math.min(b.count(), workers.size() + 1);
    costOrder.shares(
        plan,
        current.function(),
        b.inputs(),
        b.inputWidth(),
        b.count(),
        b.outputs(),
        b.outputWidth(),
        b.here(),
        parts,
        byCost,
        (double[] in, double[] out, long[] rowNanos, int[] bounds) -> {
          Batch shared = b.reordered(in, out, rowNanos);
          Scatter.map(
              workers,
              current.function(),
              in,
              b.inputWidth(),
              b.count(),
              out,
              b.outputWidth(),
              b.here(),
              (M m, int from, int to) -> sendShare(m, shared, from, to),
              (A answer, M m, int from, int to) -> gather(answer, m, shared, from, to),
              plan,
              parts,
              bounds,
              rowNanos);
        });
  }

  /**
   * A client that does not evaluate: every row goes to the workers, one contiguous share each in
   * the order of {@link GridPool#workers()}, gathered in order; a share whose worker is gone is
   * evaluated here rather than lost.
   */
  private void mapOnWorkersOnly(Batch b) {
    List<M> workers = pool.workers();
    String name = pool.getName();
    if (workers.isEmpty()) {
      throw new PoolException(
          "EMCEE-P047",
          "the "
              + name
              + " client "
              + b.here()
              + " sees no worker serving its cluster; start workers (bin/emcee-cluster start "
              + name
              + " 2), or set "
              + GridPoolProvider.CLIENT_EVALUATE
              + "=true to evaluate here");
    }
    int parts = Math.min(b.count(), workers.size());
    List<A> answers = new ArrayList<>(parts);
    for (int p = 0; p < parts; p++) {
      answers.add(
          sendShare(
              workers.get(p),
              b,
              Scatter.start(b.count(), parts, p),
              Scatter.start(b.count(), parts, p + 1)));
    }
    EvaluationException first = null;
    for (int p = 0; p < parts; p++) {
      EvaluationException e =
          gather(
              answers.get(p),
              workers.get(p),
              b,
              Scatter.start(b.count(), parts, p),
              Scatter.start(b.count(), parts, p + 1));
      if (e != null && (first == null || e.getIndex() < first.getIndex())) {
        first = e;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * A share of a map with fixed shares: its results in place, evaluated here when its member is
   * gone.
   *
   * @return the share's failing row with the lowest index, or null
   */
  private @Nullable EvaluationException gather(A answer, M m, Batch b, int from, int to) {
    ChunkResult result = answer(answer, m, b, from, to);
    if (result == null) {
      try {
        Batches.evaluate(
            b.run().function(),
            b.inputs(),
            b.inputWidth(),
            b.outputs(),
            b.outputWidth(),
            from,
            to,
            0,
            b.here());
        return null;
      } catch (EvaluationException failure) {
        return failure;
      }
    }
    return store(result, m, b, from);
  }

  /**
   * One chunk of a balanced map on a member, on a driver thread: false when the member is gone (the
   * master then evaluates the chunk, counted).
   */
  private boolean collect(A answer, M m, Batch b, int from, int to) {
    ChunkResult result = answer(answer, m, b, from, to);
    if (result == null) {
      return false;
    }
    EvaluationException failure = store(result, m, b, from);
    if (failure != null) {
      throw failure;
    }
    return true;
  }

  /**
   * A member's answer to a chunk, decoded; a member that no longer holds the function (it forgot
   * the run) is sent the chunk again with it. Null when the member is gone: it is then forgotten
   * (it gets the function again should it come back) and the chunk counted as re-run here.
   */
  private @Nullable ChunkResult answer(A answer, M m, Batch b, int from, int to) {
    byte[] wire = pool.receive(answer, m);
    ChunkResult result = wire == null ? null : ChunkResult.decode(wire);
    if (result != null && result.status() == ChunkResult.Status.NEED_FUNCTION) {
      shipped.remove(pool.idOf(m));
      wire = pool.receive(sendShare(m, b, from, to), m);
      result = wire == null ? null : ChunkResult.decode(wire);
    }
    if (result == null) {
      LOG.log(
          System.Logger.Level.INFO,
          () -> pool.describe(m) + " did not answer; evaluating its chunk here");
      shipped.remove(pool.idOf(m));
      chunksRerunHere.incrementAndGet();
    }
    return result;
  }

  /**
   * Puts an answered chunk's results in place.
   *
   * @return the chunk's failing row with the lowest index, or null
   * @throws PoolException when the member could not evaluate at all
   */
  private @Nullable EvaluationException store(ChunkResult result, M m, Batch b, int from) {
    return switch (result.status()) {
      case OK -> {
        System.arraycopy(
            result.outputs(), 0, b.outputs(), from * b.outputWidth(), result.outputs().length);
        long[] rowNanos = b.rowNanos();
        if (rowNanos != null) {
          System.arraycopy(result.rowNanos(), 0, rowNanos, from, result.rowNanos().length);
        }
        yield null;
      }
      case FAILED -> result.failure();
      default -> throw PoolErrors.memberFailed(pool.describe(m), result.message());
    };
  }

  private A sendShare(M member, Batch b, int from, int to) {
    GridPool.Shipment current = b.run();
    Object id = pool.idOf(member);
    Long known = shipped.get(id);
    boolean needs = known == null || known != current.key();
    byte[] chunk =
        Chunk.encode(
            current.key(),
            b.inputs(),
            b.inputWidth(),
            from,
            to,
            b.outputWidth(),
            b.rowNanos() != null);
    if (needs) {
      shipped.put(id, current.key());
    }
    return pool.send(member, chunk, needs ? current : null);
  }

  /** The master's driver threads for balanced maps, one per worker busy at a time. */
  private synchronized ExecutorService drivers() {
    ExecutorService d = drivers;
    if (d == null) {
      AtomicInteger n = new AtomicInteger();
      d =
          Executors.newCachedThreadPool(
              r -> {
                Thread t =
                    new Thread(r, "emcee-" + pool.getName() + "-driver-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      drivers = d;
    }
    return d;
  }

  /** At close: stops the driver threads, if any were started. */
  synchronized void shutdown() {
    ExecutorService d = drivers;
    if (d != null) {
      d.shutdownNow();
    }
  }
}
