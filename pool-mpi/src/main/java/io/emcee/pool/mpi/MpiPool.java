package io.emcee.pool.mpi;

import static io.emcee.pool.mpi.MpiWire.CMD_BALANCE;
import static io.emcee.pool.mpi.MpiWire.CMD_CLOSE;
import static io.emcee.pool.mpi.MpiWire.CMD_MAP;
import static io.emcee.pool.mpi.MpiWire.HEADER_LENGTH;
import static io.emcee.pool.mpi.MpiWire.ROOT;
import static io.emcee.pool.mpi.MpiWire.location;

import io.emcee.api.EvaluationException;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.Batches;
import io.emcee.api.spi.support.ChunkPlan;
import io.emcee.api.spi.support.CostOrder;
import io.emcee.api.spi.support.PoolErrors;
import io.emcee.api.spi.support.Scatter;
import io.emcee.api.spi.support.Shipping;
import java.io.ObjectInputFilter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import org.jspecify.annotations.Nullable;

/**
 * A master/worker pool across the ranks of an MPI job, on OpenMPI's Java bindings. Every rank runs
 * the same program: rank 0 is the master ({@link #isMaster()}) and drives the sampler; the other
 * ranks call {@link #waitForTasks()}, which serves until the master closes the pool.
 *
 * <p>Each {@link #map} broadcasts a small header, sends each rank its contiguous share of the
 * points as one message of primitive doubles (a scatter), evaluates rank 0's own share, and gathers
 * the results in input order; once rows are known to cost different amounts, chunks are handed out
 * as ranks answer instead, the rows predicted slowest first ({@code CostOrder}). The function
 * travels once per run: its serialized bytes are broadcast the first time it is seen (cached by
 * identity), then every rank reuses its copy. A failure on any rank reaches the master as an {@link
 * EvaluationException} naming the batch row and {@code "rank N"}; the workers keep serving, so
 * closing the pool ends the job at once.
 *
 * <p>{@code MPI.Init} runs when the pool is created (unless the program already initialized MPI),
 * and {@code MPI.Finalize} when it is closed, also from a shutdown hook if the program never closes
 * it. Outside {@code mpirun} it is a single-rank pool that evaluates on the calling thread. One
 * pool per process: MPI cannot be initialized again once finalized.
 *
 * <pre>{@code
 * try (Pool pool = Pools.load()) {      // under mpirun -np N: the mpi pool
 *   if (!pool.isMaster()) { pool.waitForTasks(); return; }
 *   ...
 * }
 * }</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class MpiPool implements Pool {
  static final String BINDINGS_MISSING =
      "OpenMPI's Java bindings (mpi.jar, package mpi) are not on the class path; add"
          + " \"$(ompi_info --path libdir)/mpi.jar\", or in this project run bin/build-mpi-jar";

  private static final System.Logger LOG = System.getLogger(MpiPool.class.getName());

  /** What a message to a rank and back is taken to add until a balanced map measured it. */
  private static final long FIRST_MESSAGE_GUESS_NANOS = 50_000L;

  private final Comm comm;
  private final int rank;
  private final int size;
  private final boolean ownsMpi;
  private final ReentrantLock lock = new ReentrantLock();
  private final @Nullable Thread shutdownHook;

  private final int[] header = new int[HEADER_LENGTH];
  private final int[] counts;
  private final int[] displacements;
  private double[] inBuffer = new double[0];
  private double[] outBuffer = new double[0];

  /** On the master: the function the workers hold. On a worker: the function received. */
  private @Nullable RowFunction function;

  private final ChunkPlan plan = new ChunkPlan(FIRST_MESSAGE_GUESS_NANOS);
  private final CostOrder costOrder = new CostOrder();
  private final MpiWay way = new MpiWay();
  private final MpiBalance balanced;

  private final ObjectInputFilter allowList;
  private volatile boolean closed;
  private boolean released;

  /** On a worker: whether the master's close reached it (then the ranks may finalize together). */
  private volatile boolean releasedByMaster;

  /** On a worker: what it was wrongly asked to do, reported if it must abort the job. */
  private volatile @Nullable String misuse;

  /**
   * Joins the MPI job: calls {@code MPI.Init} unless MPI is already initialized (then the program
   * that initialized it also finalizes it).
   *
   * @throws PoolException (EMCEE-P071) when MPI cannot start here, or was finalized already
   */
  public MpiPool() {
    this(PoolSettings.fromEnvironment());
  }

  /**
   * Joins the MPI job as {@link #MpiPool()} does, with the deserialization allow-list of {@code
   * settings} ({@link Shipping#ALLOW}).
   *
   * @param settings the process's settings
   * @throws PoolException (EMCEE-P071) when MPI cannot start here, or was finalized already
   */
  public MpiPool(PoolSettings settings) {
    this.allowList = Shipping.allowList(settings);
    boolean initHere;
    try {
      if (MPI.isInitialized()) {
        if (MPI.isFinalized()) {
          throw new PoolException(
              "EMCEE-P071",
              "MPI was finalized already in this process and cannot start again; create one"
                  + " MpiPool per process and close it at the end of the program");
        }
        initHere = false;
      } else {
        MPI.InitThread(new String[0], MPI.THREAD_SERIALIZED);
        initHere = true;
      }
      this.comm = MPI.COMM_WORLD;
      this.rank = comm.getRank();
      this.size = comm.getSize();
    } catch (MPIException | UnsatisfiedLinkError e) {
      throw new PoolException(
          "EMCEE-P071",
          "MPI failed to start: "
              + e
              + "; check that OpenMPI is installed (libmpi_java.so) and that mpi.jar matches it",
          e);
    }
    this.ownsMpi = initHere;
    this.balanced = new MpiBalance(comm, size, plan);
    this.counts = new int[size];
    this.displacements = new int[size];
    Thread hook = null;
    if (ownsMpi) {
      hook = new Thread(this::closeFromHook, "emcee-mpi-finalize");
      Runtime.getRuntime().addShutdownHook(hook);
    }
    this.shutdownHook = hook;
    LOG.log(System.Logger.Level.DEBUG, () -> "MPI pool started: rank " + rank + " of " + size);
  }

  /**
   * This process's rank in {@code MPI.COMM_WORLD}.
   *
   * @return 0 on the master
   */
  public int getRank() {
    return rank;
  }

  /**
   * The number of ranks in the job, the master's included.
   *
   * @return 1 outside {@code mpirun}
   */
  public int getSize() {
    return size;
  }

  /**
   * On the master, how many balanced maps had their rows handed out in predicted order, slowest
   * first ({@link CostOrder}); 0 while rows are cheap or cost the same.
   *
   * @return maps so far
   */
  public long getMapsInCostOrder() {
    lock.lock();
    try {
      return costOrder.orderedMaps();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean isMaster() {
    return rank == ROOT;
  }

  @Override
  public String getName() {
    return MpiPoolProvider.NAME;
  }

  /**
   * Evaluates the batch across all ranks, rank 0 included; results in input order. Only the master
   * may call it.
   */
  @Override
  public void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth) {
    if (!isMaster()) {
      PoolException e = PoolErrors.mapOnWorker("MPI rank " + rank + " (only rank 0 samples)");
      misuse = e.getMessage();
      throw e;
    }
    Batches.check(inputs, inputWidth, count, outputs, outputWidth);
    lock.lock();
    try {
      if (closed) {
        throw PoolErrors.closed(MpiPoolProvider.NAME);
      }
      if (count == 0) {
        return;
      }
      // A new function is serialized at once, so one that cannot travel fails alike on any size.
      byte[] bytes = function == this.function ? null : Shipping.serialize(function);
      if (bytes != null) {
        plan.newFunction();
        way.forget();
      }
      if (size == 1) {
        this.function = function;
        Batches.evaluate(
            function, inputs, inputWidth, outputs, outputWidth, 0, count, 0, location(ROOT));
        return;
      }
      boolean pays = plan.pays(count, size);
      if (pays && way.balanceNext()) {
        long t0 = System.nanoTime();
        broadcastHeader(CMD_BALANCE, bytes, function, count, inputWidth, outputWidth);
        // Rows in predicted order, slowest first; costly rows are timed on every rank.
        boolean timed = plan.timesEachRow();
        costOrder.map(
            plan,
            function,
            inputs,
            inputWidth,
            count,
            outputs,
            outputWidth,
            location(ROOT),
            (double[] in, double[] out, long[] rowNanos) ->
                settle(
                    balanced(function, in, inputWidth, count, out, outputWidth, timed, rowNanos)));
        way.took(true, System.nanoTime() - t0, count);
      } else {
        long t0 = System.nanoTime();
        if (!pays) {
          costOrder.clear(); // rows that cost the same: the next balanced map predicts afresh
        }
        scatterEvaluateGather(function, bytes, inputs, inputWidth, count, outputs, outputWidth);
        if (pays) {
          way.took(false, System.nanoTime() - t0, count);
        }
      }
    } catch (MPIException e) {
      throw communicationFailure(e);
    } finally {
      lock.unlock();
    }
  }

  /** A balanced map across the ranks, its MPI failure as the pool reports one. */
  private MpiWire.Failures balanced(
      RowFunction f,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth,
      boolean timed,
      long[] rowNanos) {
    try {
      return balanced.run(
          f, inputs, inputWidth, count, outputs, outputWidth, timed ? rowNanos : null);
    } catch (MPIException e) {
      throw communicationFailure(e);
    }
  }

  private void scatterEvaluateGather(
      RowFunction f,
      byte @Nullable [] bytes,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth)
      throws MPIException {
    broadcastHeader(CMD_MAP, bytes, f, count, inputWidth, outputWidth);

    // One message per worker: its contiguous rows of the inputs (rank 0 keeps its own in place).
    for (int r = 0; r < size; r++) {
      counts[r] = rows(count, r) * inputWidth;
      displacements[r] = first(count, r) * inputWidth;
    }
    comm.scatterv(inputs, counts, displacements, MPI.DOUBLE, ROOT);

    int own = rows(count, ROOT);
    MpiWire.Failures failures = new MpiWire.Failures();
    try {
      plan.evaluate(f, inputs, inputWidth, outputs, outputWidth, 0, own, location(ROOT));
    } catch (EvaluationException e) {
      failures.row(e);
    }

    // Each worker's results followed by one status double, packed after one another.
    int total = 0;
    counts[ROOT] = 0;
    displacements[ROOT] = 0;
    for (int r = 1; r < size; r++) {
      counts[r] = rows(count, r) * outputWidth + 1;
      displacements[r] = total;
      total += counts[r];
    }
    if (outBuffer.length < total) {
      outBuffer = new double[total];
    }
    comm.gatherv(outBuffer, counts, displacements, MPI.DOUBLE, ROOT);

    for (int r = 1; r < size; r++) {
      int results = counts[r] - 1;
      System.arraycopy(
          outBuffer, displacements[r], outputs, first(count, r) * outputWidth, results);
      failures.status(comm, r, outBuffer[displacements[r] + results]);
    }
    settle(failures);
  }

  /**
   * Throws what the ranks reported; one that could not evaluate gets the function again next time.
   */
  private void settle(MpiWire.Failures failures) {
    if (failures.rankFailed()) {
      function = null; // resend next time: that rank may not hold it
    }
    failures.rethrow();
  }

  /** Tells every rank what comes: the command, the batch's shape and the function when new. */
  private void broadcastHeader(
      int command,
      byte @Nullable [] bytes,
      RowFunction f,
      int count,
      int inputWidth,
      int outputWidth)
      throws MPIException {
    header[0] = command;
    header[1] = count;
    header[2] = inputWidth;
    header[3] = outputWidth;
    header[4] = bytes == null ? -1 : bytes.length;
    comm.bcast(header, HEADER_LENGTH, MPI.INT, ROOT);
    if (bytes != null) {
      comm.bcast(bytes, bytes.length, MPI.BYTE, ROOT);
      function = f;
    }
  }

  /**
   * On a worker, serves the master's batches until the master closes the pool, then returns; the
   * program should then end (closing the pool finalizes MPI). On the master it returns at once.
   */
  @Override
  public void waitForTasks() {
    if (isMaster()) {
      return;
    }
    lock.lock();
    try {
      while (!closed && serveOne()) {
        // next batch
      }
    } catch (MPIException e) {
      throw communicationFailure(e);
    } finally {
      lock.unlock();
    }
  }

  /** Serves one command; false when the master closed the pool. */
  private boolean serveOne() throws MPIException {
    comm.bcast(header, HEADER_LENGTH, MPI.INT, ROOT);
    if (header[0] == CMD_CLOSE) {
      releasedByMaster = true;
      return false;
    }
    int count = header[1];
    int inputWidth = header[2];
    int outputWidth = header[3];
    int functionBytes = header[4];
    String otherFailure = null;
    if (functionBytes >= 0) {
      byte[] bytes = new byte[functionBytes];
      comm.bcast(bytes, functionBytes, MPI.BYTE, ROOT);
      try {
        function = Shipping.deserialize(bytes, allowList, location(rank));
      } catch (RuntimeException | LinkageError e) {
        function = null;
        otherFailure = EvaluationException.describe(e);
      }
    }
    if (header[0] == CMD_BALANCE) {
      MpiBalance.serve(comm, rank, function, otherFailure, inputWidth, outputWidth);
      return true;
    }
    int rows = rows(count, rank);
    int from = first(count, rank);
    if (inBuffer.length < rows * inputWidth) {
      inBuffer = new double[rows * inputWidth];
    }
    comm.scatterv(inBuffer, rows * inputWidth, MPI.DOUBLE, ROOT);
    if (outBuffer.length < rows * outputWidth + 1) {
      outBuffer = new double[rows * outputWidth + 1];
    }
    MpiWire.Evaluated done =
        MpiWire.evaluate(
            function,
            otherFailure,
            inBuffer,
            inputWidth,
            outBuffer,
            outputWidth,
            rows,
            from,
            rank,
            null);
    outBuffer[rows * outputWidth] = done.status();
    comm.gatherv(outBuffer, rows * outputWidth + 1, MPI.DOUBLE, ROOT);
    MpiWire.sendMessage(comm, done.message());
    return true;
  }

  /**
   * On the master, releases every worker (their {@link #waitForTasks()} returns); then finalizes
   * MPI if this pool initialized it. Closing twice is harmless.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (released) {
        return;
      }
      released = true;
      closed = true;
      if (isMaster() && size > 1) {
        header[0] = CMD_CLOSE;
        comm.bcast(header, HEADER_LENGTH, MPI.INT, ROOT);
      }
      if (!isMaster() && size > 1 && !releasedByMaster) {
        abortJob();
      }
      balanced.shutdown();
      if (ownsMpi && !MPI.isFinalized()) {
        MPI.Finalize();
      }
    } catch (MPIException e) {
      throw communicationFailure(e);
    } finally {
      lock.unlock();
      removeShutdownHook();
    }
  }

  /**
   * A worker closing before its master released it (a program without the {@code isMaster()} guard,
   * or a worker that failed outside {@link #waitForTasks()}) would leave the master waiting in a
   * collective forever, and itself in {@code MPI.Finalize}: the whole job ends instead, with a line
   * saying why.
   */
  private void abortJob() throws MPIException {
    String why = misuse;
    LOG.log(
        System.Logger.Level.ERROR,
        "[EMCEE-P076] MPI rank "
            + rank
            + " closes its pool before the master released it"
            + (why != null ? " (" + why + ")" : "")
            + "; the master would wait for it forever, so the MPI job is aborted. Workers call"
            + " waitForTasks() and return: if (!pool.isMaster()) { pool.waitForTasks(); return; }");
    System.err.flush();
    comm.abort(76);
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already
      }
    }
  }

  /**
   * The program ends without closing the pool: release the workers and finalize, unless this rank
   * is in the middle of a collective (then mpirun ends the job), and never for more than 2 s.
   */
  private void closeFromHook() {
    Thread closer =
        new Thread(
            () -> {
              try {
                if (lock.tryLock(1, TimeUnit.SECONDS)) {
                  try {
                    close();
                  } finally {
                    lock.unlock();
                  }
                }
              } catch (InterruptedException | RuntimeException e) {
                // best effort while the JVM exits
              }
            },
            "emcee-mpi-finalize-worker");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The number of rows of a batch of {@code count} that rank {@code r} evaluates. */
  private int rows(int count, int r) {
    return first(count, r + 1) - first(count, r);
  }

  /** The first row of rank {@code r}'s contiguous share. */
  private int first(int count, int r) {
    return Scatter.start(count, size, r);
  }

  private PoolException communicationFailure(MPIException e) {
    return new PoolException(
        "EMCEE-P074", "MPI communication failed on rank " + rank + ": " + e.getMessage(), e);
  }

  @Override
  public String toString() {
    return "MpiPool[rank " + rank + " of " + size + "]";
  }
}
