package io.emcee.pool.mpi;

import io.emcee.api.EvaluationException;
import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import io.emcee.api.spi.support.Batches;
import io.emcee.api.spi.support.ChunkPlan;
import io.emcee.api.spi.support.PoolErrors;
import io.emcee.api.spi.support.Scatter;
import io.emcee.api.spi.support.Shipping;
import java.io.ObjectInputFilter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import mpi.Comm;
import mpi.MPI;
import mpi.MPIException;
import mpi.Status;
import org.jspecify.annotations.Nullable;

/**
 * A master/worker pool across the ranks of an MPI job, on OpenMPI's Java bindings. Every rank runs
 * the same program: rank 0 is the master ({@link #isMaster()}) and drives the sampler; the other
 * ranks call {@link #waitForTasks()}, which serves until the master closes the pool.
 *
 * <p>Each {@link #map} broadcasts a small header, sends each rank its contiguous share of the
 * points as one message of primitive doubles (a scatter), evaluates rank 0's own share, and gathers
 * the results in input order. The function travels once per run: its serialized bytes are broadcast
 * the first time it is seen (cached by identity), then every rank reuses its copy. A failure on any
 * rank reaches the master as an {@link EvaluationException} naming the batch row and {@code "rank
 * N"}; the workers keep serving, so closing the pool ends the job at once.
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

  private static final int ROOT = 0;
  private static final int TAG_FAILURE = 7001;

  private static final int TAG_CHUNK = 7002;
  private static final int TAG_RESULT = 7003;

  private static final int CMD_MAP = 1;
  private static final int CMD_CLOSE = 2;
  private static final int CMD_BALANCE = 3;

  /** What a message to a rank and back is taken to add until a balanced map measured it. */
  private static final long FIRST_MESSAGE_GUESS_NANOS = 50_000L;

  private static final int HEADER_LENGTH = 5; // command, count, inputWidth, outputWidth, fnBytes

  /** Status slot values after a rank's results: OK, or a failing batch row, or OTHER_FAILURE. */
  private static final double STATUS_OK = -1;

  private static final double STATUS_OTHER_FAILURE = -2;

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
  private @Nullable ExecutorService dispatcher;

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
      }
      if (size == 1) {
        this.function = function;
        Batches.evaluate(
            function, inputs, inputWidth, outputs, outputWidth, 0, count, 0, location(ROOT));
        return;
      }
      if (plan.pays(count, size)) {
        balance(function, bytes, inputs, inputWidth, count, outputs, outputWidth);
      } else {
        scatterEvaluateGather(function, bytes, inputs, inputWidth, count, outputs, outputWidth);
      }
    } catch (MPIException e) {
      throw communicationFailure(e);
    } finally {
      lock.unlock();
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
    EvaluationException failure = null;
    try {
      plan.evaluate(f, inputs, inputWidth, outputs, outputWidth, 0, own, location(ROOT));
    } catch (EvaluationException e) {
      failure = e;
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

    PoolException other = null;
    for (int r = 1; r < size; r++) {
      int results = counts[r] - 1;
      System.arraycopy(
          outBuffer, displacements[r], outputs, first(count, r) * outputWidth, results);
      double status = outBuffer[displacements[r] + results];
      if (status == STATUS_OK) {
        continue;
      }
      String message = receiveFailure(r);
      if (status == STATUS_OTHER_FAILURE) {
        if (other == null) {
          other = new PoolException("EMCEE-P073", "MPI rank " + r + " failed: " + message);
        }
        function = null; // resend next time: this rank may not hold it
      } else if (failure == null || (int) status < failure.getIndex()) {
        failure = new EvaluationException((int) status, location(r), message, null);
      }
    }
    if (other != null) {
      throw other;
    }
    if (failure != null) {
      throw failure;
    }
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
   * A map balanced on demand: a dispatcher thread hands each rank a chunk of the plan, then the
   * next one as each answers, while this thread evaluates chunks of the same plan; results land at
   * their rows' places, so the outcome is the serial evaluation's.
   */
  private void balance(
      RowFunction f,
      byte @Nullable [] bytes,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth)
      throws MPIException {
    broadcastHeader(CMD_BALANCE, bytes, f, count, inputWidth, outputWidth);
    Dispatch dispatch = new Dispatch(inputs, inputWidth, outputs, outputWidth);
    plan.start(count, size);
    Future<?> served =
        dispatcher()
            .submit(
                () -> {
                  dispatch.serve();
                  return null;
                });
    EvaluationException failure = null;
    for (long c = plan.next(); c >= 0; c = plan.next()) {
      int from = ChunkPlan.from(c);
      int to = ChunkPlan.to(c);
      try {
        plan.evaluate(f, inputs, inputWidth, outputs, outputWidth, from, to, location(ROOT));
      } catch (EvaluationException e) {
        if (failure == null || e.getIndex() < failure.getIndex()) {
          failure = e;
        }
      }
    }
    boolean interrupted = false;
    while (true) {
      try {
        served.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the ranks must finish this map, or the job hangs
      } catch (ExecutionException e) {
        if (e.getCause() instanceof MPIException m) {
          throw m;
        }
        throw new PoolException(
            "EMCEE-P073", "MPI dispatch failed on rank " + rank + ": " + e.getCause(), e);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (dispatch.other != null) {
      function = null; // resend next time: that rank may not hold it
      throw dispatch.other;
    }
    EvaluationException remote = dispatch.failure;
    if (remote != null && (failure == null || remote.getIndex() < failure.getIndex())) {
      failure = remote;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The master's side of a balanced map, run on the dispatcher thread (the only one in MPI). Each
   * rank has two chunks sent to it, so the next waits there while it evaluates one (a rank answers
   * its chunks in the order sent); each answer brings it another.
   */
  private final class Dispatch {
    private final double[] inputs;
    private final int inputWidth;
    private final double[] outputs;
    private final int outputWidth;
    private final long[][] inFlight = new long[size][2];
    private final int[] heads = new int[size];
    private final int[] counts = new int[size];
    private final long[] lastAnswer = new long[size];
    private final long[][] sentAt = new long[size][2];
    @Nullable EvaluationException failure;
    @Nullable PoolException other;

    Dispatch(double[] inputs, int inputWidth, double[] outputs, int outputWidth) {
      this.inputs = inputs;
      this.inputWidth = inputWidth;
      this.outputs = outputs;
      this.outputWidth = outputWidth;
    }

    void serve() throws MPIException {
      long start = System.nanoTime();
      int busy = 0;
      for (int r = 1; r < size; r++) {
        lastAnswer[r] = start - 1;
        sendNext(r);
        sendNext(r);
        busy += counts[r] > 0 ? 1 : 0;
      }
      double[] answer = new double[0];
      while (busy > 0) {
        Status status = awaitResult();
        int r = status.getSource();
        int length = status.getCount(MPI.DOUBLE);
        if (answer.length < length) {
          answer = new double[length];
        }
        comm.recv(answer, length, MPI.DOUBLE, r, TAG_RESULT);
        long now = System.nanoTime();
        int head = heads[r];
        long chunk = inFlight[r][head];
        heads[r] = 1 - head;
        counts[r]--;
        int from = ChunkPlan.from(chunk);
        int to = ChunkPlan.to(chunk);
        double state = answer[0];
        if (state == STATUS_OK) {
          System.arraycopy(answer, 1, outputs, from * outputWidth, length - 1);
          if (sentAt[r][head] >= lastAnswer[r]) {
            // sent to an idle rank: the whole round trip shows (a queued chunk's would not)
            plan.remoteRows(now - sentAt[r][head], to - from);
          }
        } else {
          String message = receiveFailure(r);
          if (state == STATUS_OTHER_FAILURE) {
            if (other == null) {
              other = new PoolException("EMCEE-P073", "MPI rank " + r + " failed: " + message);
            }
          } else if (failure == null || (int) state < failure.getIndex()) {
            failure = new EvaluationException((int) state, location(r), message, null);
          }
        }
        lastAnswer[r] = now;
        sendNext(r);
        if (counts[r] < 0) {
          busy--; // told the map is over
        }
      }
    }

    /**
     * Waits for the next answer without taking a core from this rank's own evaluations: a blocking
     * probe polls at full speed, so this one looks, then parks from 10 µs up to 200 µs at a time
     * (each rank has its next chunk already, so the wait delays nobody).
     */
    private Status awaitResult() throws MPIException {
      long pause = 10_000L;
      for (int looks = 0; ; looks++) {
        Status status = comm.iProbe(MPI.ANY_SOURCE, TAG_RESULT);
        if (status != null) {
          return status;
        }
        if (looks < 64) {
          Thread.onSpinWait();
        } else {
          LockSupport.parkNanos(pause);
          pause = Math.min(2 * pause, 200_000L);
        }
      }
    }

    /**
     * Sends rank {@code r} its next chunk; with none left, the end of the map once it has nothing
     * in flight.
     */
    private void sendNext(int r) throws MPIException {
      long c = plan.next();
      if (c < 0) {
        if (counts[r] == 0) {
          comm.send(new double[] {0, 0}, 2, MPI.DOUBLE, r, TAG_CHUNK);
          counts[r] = -1; // told
        }
        return;
      }
      int from = ChunkPlan.from(c);
      int to = ChunkPlan.to(c);
      int doubles = (to - from) * inputWidth;
      double[] message = new double[2 + doubles];
      message[0] = from;
      message[1] = to - from;
      System.arraycopy(inputs, from * inputWidth, message, 2, doubles);
      int slot = (heads[r] + counts[r]) % 2;
      inFlight[r][slot] = c;
      sentAt[r][slot] = System.nanoTime();
      counts[r]++;
      comm.send(message, message.length, MPI.DOUBLE, r, TAG_CHUNK);
    }
  }

  /** On the master: the thread that talks MPI during a balanced map. */
  private synchronized ExecutorService dispatcher() {
    ExecutorService d = dispatcher;
    if (d == null) {
      d =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "emcee-mpi-dispatch");
                t.setDaemon(true);
                return t;
              });
      dispatcher = d;
    }
    return d;
  }

  /** On a worker: evaluates the chunks of a balanced map until the master sends an empty one. */
  private void serveChunks(
      @Nullable RowFunction f, @Nullable String otherFailure, int inputWidth, int outputWidth)
      throws MPIException {
    double[] message = new double[0];
    while (true) {
      Status status = comm.probe(ROOT, TAG_CHUNK);
      int length = status.getCount(MPI.DOUBLE);
      if (message.length < length) {
        message = new double[length];
      }
      comm.recv(message, length, MPI.DOUBLE, ROOT, TAG_CHUNK);
      int from = (int) message[0];
      int rows = (int) message[1];
      if (rows == 0) {
        return;
      }
      double[] answer = new double[1 + rows * outputWidth];
      double state = STATUS_OK;
      String text = null;
      if (otherFailure != null || f == null) {
        state = STATUS_OTHER_FAILURE;
        text = otherFailure != null ? otherFailure : "holds no function (protocol error)";
      } else {
        try {
          // the rows start at message[2]: evaluate them from a view that skips the two counts
          Batches.evaluate(
              f,
              java.util.Arrays.copyOfRange(message, 2, 2 + rows * inputWidth),
              inputWidth,
              answer,
              outputWidth,
              0,
              rows,
              from,
              location(rank));
          System.arraycopy(answer, 0, answer, 1, rows * outputWidth);
        } catch (EvaluationException e) {
          state = e.getIndex();
          text = e.getCauseDescription();
        } catch (RuntimeException | Error e) {
          state = STATUS_OTHER_FAILURE;
          text = EvaluationException.describe(e);
        }
      }
      answer[0] = state;
      comm.send(answer, state == STATUS_OK ? answer.length : 1, MPI.DOUBLE, ROOT, TAG_RESULT);
      if (text != null) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        comm.send(bytes, bytes.length, MPI.BYTE, ROOT, TAG_FAILURE);
      }
    }
  }

  private String receiveFailure(int source) throws MPIException {
    Status status = comm.probe(source, TAG_FAILURE);
    int length = status.getCount(MPI.BYTE);
    byte[] message = new byte[length];
    comm.recv(message, length, MPI.BYTE, source, TAG_FAILURE);
    return new String(message, StandardCharsets.UTF_8);
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
      serveChunks(function, otherFailure, inputWidth, outputWidth);
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
    double status = STATUS_OK;
    String message = null;
    RowFunction f = function;
    if (otherFailure != null || f == null) {
      status = STATUS_OTHER_FAILURE;
      message = otherFailure != null ? otherFailure : "holds no function (protocol error)";
    } else {
      try {
        Batches.evaluate(
            f, inBuffer, inputWidth, outBuffer, outputWidth, 0, rows, from, location(rank));
      } catch (EvaluationException e) {
        status = e.getIndex();
        message = e.getCauseDescription();
      } catch (RuntimeException | Error e) {
        status = STATUS_OTHER_FAILURE;
        message = EvaluationException.describe(e);
      }
    }
    outBuffer[rows * outputWidth] = status;
    comm.gatherv(outBuffer, rows * outputWidth + 1, MPI.DOUBLE, ROOT);
    if (message != null) {
      byte[] text = message.getBytes(StandardCharsets.UTF_8);
      comm.send(text, text.length, MPI.BYTE, ROOT, TAG_FAILURE);
    }
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
      ExecutorService d = dispatcher;
      if (d != null) {
        d.shutdownNow();
      }
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

  private static String location(int rank) {
    return "rank " + rank;
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
