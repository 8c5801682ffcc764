package io.emcee.api.spi.support;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The common part of a master/worker pool on a cluster library: every process runs the same
 * program; the master samples and each {@link #map} sends one {@link Chunk} per worker member while
 * the master evaluates its own share, then gathers the answers in the order sent. Once the rows are
 * known to differ in cost, a map can also be balanced ({@link Scatter#balance}: a driver thread per
 * member hands it the next chunk as it answers, and the master takes chunks too, the rows predicted
 * slowest first, so that no slow row is left to end the map) or cut into shares of equal predicted
 * cost ({@link CostOrder}); each map's time is measured against its rows' total time, and the way
 * that cost least in recent maps runs the next ones, the others being tried again now and then (how
 * much a balanced map's extra messages cost depends on the library and the machine). The function
 * is serialized once per run (so a function that cannot travel is refused at once, even with no
 * worker yet) and goes to each member only with its first chunk of the run; a member that is gone
 * has its share evaluated by the master, which counts it. Workers serve in {@link #waitForTasks()}
 * until the master closes the pool or leaves, or until no master has been seen for the configured
 * wait.
 *
 * <p>A subclass supplies the library's own parts: the worker members, how a chunk is sent and its
 * answer received, whether a master is present, how workers are released, and shutdown; its
 * membership listeners call {@link #release()}.
 *
 * <pre>{@code public final class MyPool extends GridPool<Member, Future<byte[]>> { ... } }</pre>
 *
 * @param <M> the library's handle of a member
 * @param <A> what the library gives back for a sent chunk (a future)
 */
@Stability(Stability.Level.EXPERIMENTAL)
public abstract class GridPool<M, A> implements Pool {
  private static final System.Logger LOG = System.getLogger(GridPool.class.getName());

  /**
   * The function of a run as it travels: its key, the object and its serialized bytes. A backend
   * sends whichever its library carries best (bytes, or the object for a library that loads missing
   * classes from the master).
   *
   * @param key the function's key in this run
   * @param function the function
   * @param bytes its serialized form, from {@link Shipping#serialize}
   * @param classes the {@link ClassBundle} it needs, encoded, when this pool ships classes (a
   *     client of a standing cluster), else null
   */
  public record Shipment(long key, RowFunction function, byte[] bytes, byte @Nullable [] classes) {}

  private final String name;
  private final boolean master;
  private final Duration peerWait;
  private final boolean evaluatesHere;
  private final boolean standing;
  private final boolean client;
  private final CountDownLatch released = new CountDownLatch(1);
  private final long keyBase = new SecureRandom().nextLong() & 0x7fff_ffff_0000_0000L;
  private final GridMapper<M, A> mapper = new GridMapper<>(this);
  private @Nullable Shipment run;
  private long lastKey;
  private volatile boolean closed;
  private volatile boolean refused;

  /**
   * Sets up the common state; the subclass then starts its library's node.
   *
   * @param name the pool's name, as selected ({@code hazelcast})
   * @param master whether this process samples
   * @param peerWait how long to wait for peers ({@code emcee.cluster.wait}): a worker for a master,
   *     a master in {@link #requireMembers(int)} for its members
   */
  protected GridPool(String name, boolean master, Duration peerWait) {
    this.name = name;
    this.master = master;
    this.peerWait = peerWait;
    this.evaluatesHere = true;
    this.standing = false;
    this.client = false;
  }

  /**
   * Sets up the common state for any role, a client or a standing worker included; the subclass
   * then starts its library's node (a client joins as the library's client).
   *
   * @param name the pool's name, as selected ({@code hazelcast})
   * @param cluster the checked settings
   */
  protected GridPool(String name, GridPoolProvider.Cluster cluster) {
    this.name = name;
    this.master = cluster.isMaster();
    this.peerWait = cluster.peerWait();
    this.evaluatesHere = cluster.evaluatesHere();
    this.standing = cluster.isStanding();
    this.client = cluster.isClient();
  }

  /**
   * Whether this process samples as a client of a standing cluster.
   *
   * @return whether it is a client
   */
  public final boolean isClient() {
    return client;
  }

  /**
   * Whether this worker serves clients until it is stopped.
   *
   * @return whether it is a standing worker
   */
  protected final boolean isStanding() {
    return standing;
  }

  /**
   * Whether the function's classes travel with it ({@link Shipment#classes()}): by default on a
   * client, whose standing workers do not have the program's classes. A library that loads missing
   * classes itself (Ignite's peer class loading) returns false.
   *
   * @return whether to ship classes
   */
  protected boolean shipsClasses() {
    return client;
  }

  /**
   * The worker members to send chunks to, in a stable order (this process excluded).
   *
   * @return the workers now
   */
  protected abstract List<M> workers();

  /**
   * A key identifying a member across topology changes (its UUID).
   *
   * @param member the member
   * @return its identity
   */
  protected abstract Object idOf(M member);

  /**
   * Starts the evaluation of a chunk on a member.
   *
   * @param member the worker
   * @param chunk what {@link Chunk#encode} wrote
   * @param function the function when this member must receive it with this chunk, else null
   * @return what {@link #receive} waits on
   */
  protected abstract A send(M member, byte[] chunk, @Nullable Shipment function);

  /**
   * Waits for a member's answer.
   *
   * @param answer what {@link #send} returned
   * @param member the member
   * @return the encoded {@link ChunkResult}, or null when the member is gone (its share is then
   *     evaluated here)
   * @throws io.emcee.api.RunInterruptedException when interrupted while waiting
   * @throws io.emcee.api.PoolException when a live member could not run the chunk
   */
  protected abstract byte @Nullable [] receive(A answer, M member);

  /**
   * Whether a master of this cluster is a member now (asked by a waiting worker).
   *
   * @return whether one is
   */
  protected abstract boolean masterPresent();

  /**
   * The number of members of the cluster now, this one included.
   *
   * @return the count
   */
  protected abstract int memberCount();

  /**
   * This process in messages, e.g. {@code "member 127.0.0.1:5701"}.
   *
   * @return its description
   */
  protected abstract String location();

  /**
   * The {@code host:port} of each member now, this one included, to name the listed members that
   * are missing; empty when the backend cannot tell (messages then give counts only).
   *
   * @return the members' addresses
   */
  protected List<String> memberAddresses() {
    return List.of();
  }

  /**
   * How many masters of this cluster are members now, this one included; 1 when the backend cannot
   * tell.
   *
   * @return the count
   */
  protected int masterCount() {
    return 1;
  }

  /** On the master, at close: tells the workers to return from {@link #waitForTasks()}. */
  protected abstract void releaseWorkers();

  /** At close: leaves the cluster and frees what the node holds. */
  protected abstract void shutdown();

  /** Ends this worker's {@link #waitForTasks()}: the master closed the pool or left. */
  protected final void release() {
    released.countDown();
  }

  @Override
  public final boolean isMaster() {
    return master;
  }

  @Override
  public final String getName() {
    return name;
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return whether the pool is closed
   */
  protected final boolean isClosed() {
    return closed;
  }

  /**
   * How many chunks this master evaluated itself because their worker did not answer (it left the
   * cluster or could not be reached); 0 in a healthy run.
   *
   * @return chunks re-run here so far
   */
  public final long getChunksRerunHere() {
    return mapper.chunksRerunHere();
  }

  /**
   * How many balanced maps this master handed out with their rows in predicted order, slowest first
   * ({@link CostOrder}); 0 while rows are cheap or cost the same.
   *
   * @return maps so far
   */
  public final long getMapsInCostOrder() {
    return mapper.mapsInCostOrder();
  }

  /**
   * How many maps that were not balanced this master split into fixed shares of equal predicted
   * cost ({@link CostOrder#shares}) rather than of equal count; 0 while rows are cheap or cost the
   * same.
   *
   * @return maps so far
   */
  public final long getMapsInCostShares() {
    return mapper.mapsInCostShares();
  }

  /**
   * How many maps of rows whose costs differ this master split into fixed shares of equal count,
   * because that way had cost least in its recent maps (balanced maps and shares by predicted cost
   * are measured too, and each way is tried again now and then); 0 while rows are cheap or cost the
   * same, when every map has equal shares anyway.
   *
   * @return maps so far
   */
  public final long getMapsInEqualShares() {
    return mapper.mapsInTimedEqualShares();
  }

  /**
   * Waits until the cluster has at least {@code members} members (this one included).
   *
   * @param members the number to wait for
   * @param timeout how long to wait at most
   * @return whether they are there
   */
  public final boolean awaitMembers(int members, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (memberCount() < members) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until the cluster has at least {@code members} members (this one included), for at most
   * the configured wait ({@code emcee.cluster.wait}).
   *
   * @param members the number to wait for
   * @throws io.emcee.api.PoolException (EMCEE-P009) naming how many came when they did not in time
   */
  public final void requireMembers(int members) {
    if (!awaitMembers(members, peerWait)) {
      throw PoolErrors.membersMissing(
          "the " + name + " master " + location(),
          members,
          memberCount(),
          peerWait.toSeconds(),
          "emcee.cluster.wait (seconds)",
          List.of());
    }
  }

  /**
   * Refuses to start as a second master of the same workers (EMCEE-P011); the pool then leaves
   * without releasing them, since they serve the master that was there first.
   */
  final void refuseASecondMaster(String clusterName) {
    if (masterCount() > 1) {
      refused = true;
      throw PoolErrors.secondMaster(name, clusterName, location());
    }
  }

  /**
   * On a master that was just started: waits, for at most the configured wait, until the members it
   * was told about are there, so that workers started a moment later are not missed. Those still
   * missing are then named in a warning, or the start fails.
   *
   * @param wanted the members to wait for, this one included
   * @param listed the member list as given, to name the missing ones
   * @param fail whether missing members are an error ({@code EMCEE-P009}) rather than a warning
   * @throws io.emcee.api.PoolException (EMCEE-P009) when {@code fail} and they did not all come
   */
  final void awaitStartMembers(int wanted, List<String> listed, boolean fail) {
    if (awaitMembers(wanted, peerWait)) {
      return;
    }
    List<String> present = memberAddresses();
    List<String> missing = new java.util.ArrayList<>();
    if (!present.isEmpty()) {
      for (String m : listed) {
        if (!present.contains(m)) {
          missing.add(m);
        }
      }
    }
    PoolException e =
        PoolErrors.membersMissing(
            "the " + name + " master " + location(),
            wanted,
            memberCount(),
            peerWait.toSeconds(),
            PoolSettings.CLUSTER_WAIT + " (seconds)",
            missing);
    if (fail) {
      throw e;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        e.getMessage()
            + "; going on with the members present (set "
            + PoolSettings.CLUSTER_MISSING
            + "=fail to stop instead)");
  }

  @Override
  public final void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth) {
    if (closed) {
      throw PoolErrors.closed(name);
    }
    if (!master) {
      throw PoolErrors.mapOnWorker("a " + name + " worker (" + location() + ")");
    }
    Batches.check(inputs, inputWidth, count, outputs, outputWidth);
    if (count == 0) {
      return;
    }
    mapper.map(
        shipment(function),
        inputs,
        inputWidth,
        count,
        outputs,
        outputWidth,
        location(),
        evaluatesHere);
  }

  /**
   * A member in messages; by default its {@code toString()}.
   *
   * @param member the member
   * @return e.g. {@code "member 127.0.0.1:5702"}
   */
  protected String describe(M member) {
    return "member " + member;
  }

  /** The function of this run, serialized once when it is new. */
  private Shipment shipment(RowFunction function) {
    Shipment current = run;
    if (current == null || current.function() != function) {
      byte[] bytes = Shipping.serialize(function); // refuses an unserializable one before any send
      byte[] classes = shipsClasses() ? ClassBundle.collect(function).encode() : null;
      lastKey = keyBase + (lastKey & 0xffff_ffffL) + 1;
      current = new Shipment(lastKey, function, bytes, classes);
      run = current;
      mapper.newFunction();
    }
    return current;
  }

  /**
   * On a worker, serves the master's chunks until the master closes the pool or leaves the cluster,
   * then returns. A worker that sees no master for the configured wait gives up with {@code
   * EMCEE-P007}. On the master it returns at once.
   *
   * @throws io.emcee.api.PoolException (EMCEE-P007) when no master came in time
   */
  @Override
  public void waitForTasks() {
    if (master) {
      return;
    }
    if (standing) {
      try {
        released.await(); // until close(): a standing worker serves clients that come and go
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    long alone = System.nanoTime();
    try {
      while (!released.await(200, TimeUnit.MILLISECONDS)) {
        if (masterPresent()) {
          alone = System.nanoTime();
        } else if (System.nanoTime() - alone > peerWait.toNanos()) {
          throw PoolErrors.noMaster(
              "the " + name + " worker " + location(),
              peerWait.toSeconds(),
              "emcee.cluster.wait (seconds)");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Leaves the cluster. On the master this first releases the workers, whose {@code waitForTasks()}
   * then returns; closing twice is harmless.
   */
  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (master && !client && !refused) {
      try {
        releaseWorkers();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "could not release the workers: " + e);
      }
    }
    released.countDown();
    mapper.shutdown();
    shutdown();
  }
}
