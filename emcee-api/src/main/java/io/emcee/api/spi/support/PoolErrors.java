package io.emcee.api.spi.support;

import io.emcee.api.PoolException;
import io.emcee.api.Stability;
import java.util.List;

/**
 * The errors every pool backend reports, one code per meaning, so that a user sees the same code
 * for the same mistake whatever the backend: a closed pool is {@code EMCEE-P005} everywhere.
 *
 * <table>
 *   <caption>Codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>EMCEE-P005</td><td>the pool is closed</td></tr>
 *   <tr><td>EMCEE-P006</td><td>{@code map} was called on a worker</td></tr>
 *   <tr><td>EMCEE-P007</td><td>a worker waited too long for a master</td></tr>
 *   <tr><td>EMCEE-P008</td><td>a member list does not parse or lacks this process</td></tr>
 *   <tr><td>EMCEE-P009</td><td>the members a master needs did not join in time</td></tr>
 *   <tr><td>EMCEE-P011</td><td>a second master joined a cluster that has one</td></tr>
 *   <tr><td>EMCEE-P010</td><td>a batch's arrays do not match its shape ({@link Batches})</td></tr>
 *   <tr><td>EMCEE-P030..P032</td><td>the function cannot be shipped or received ({@link
 *       Shipping})</td></tr>
 *   <tr><td>EMCEE-P040</td><td>a grid worker has no member list to find its master</td></tr>
 *   <tr><td>EMCEE-P043</td><td>a live member could not evaluate its chunk</td></tr>
 *   <tr><td>EMCEE-P044</td><td>a client has no member list to find its cluster</td></tr>
 *   <tr><td>EMCEE-P045</td><td>a client found no cluster at the addresses it tried</td></tr>
 *   <tr><td>EMCEE-P046</td><td>a cluster key is missing, unreadable or refused</td></tr>
 *   <tr><td>EMCEE-P047</td><td>a client's cluster has no worker serving</td></tr>
 * </table>
 *
 * <pre>{@code if (closed) throw PoolErrors.closed("hazelcast");}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class PoolErrors {
  private PoolErrors() {}

  /**
   * The pool was closed and then used.
   *
   * @param pool the pool's name, e.g. {@code hazelcast}
   * @return EMCEE-P005
   */
  public static PoolException closed(String pool) {
    return new PoolException("EMCEE-P005", "the " + pool + " pool is closed; load a new pool");
  }

  /**
   * {@code map} was called on a worker: a program without the {@code isMaster()} guard.
   *
   * @param where this process, e.g. {@code "a hazelcast worker"} or {@code "MPI rank 1"}
   * @return EMCEE-P006
   */
  public static PoolException mapOnWorker(String where) {
    return new PoolException(
        "EMCEE-P006",
        "map was called on "
            + where
            + "; only the master samples: on workers call waitForTasks() and return"
            + " (if (!pool.isMaster()) { pool.waitForTasks(); return; })");
  }

  /**
   * A master joined a cluster whose workers another master already drives.
   *
   * @param pool the pool's name
   * @param cluster the cluster's name
   * @param where this master
   * @return EMCEE-P011
   */
  public static PoolException secondMaster(String pool, String cluster, String where) {
    return new PoolException(
        "EMCEE-P011",
        "the "
            + pool
            + " master "
            + where
            + " joined cluster '"
            + cluster
            + "', which already has a master: two masters would share its workers and release"
            + " them for each other; give each run its own emcee.cluster.name"
            + " (EMCEE_CLUSTER_NAME) and ports, or start the workers once as a standing cluster"
            + " and connect each run with emcee.role=client");
  }

  /**
   * A worker waited for a master longer than the setting allows.
   *
   * @param where this worker, e.g. {@code "hazelcast worker 127.0.0.1:5702"}
   * @param seconds how long it waited
   * @param setting the setting that bounds the wait
   * @return EMCEE-P007
   */
  public static PoolException noMaster(String where, long seconds, String setting) {
    return new PoolException(
        "EMCEE-P007",
        where
            + " waited "
            + seconds
            + " s and no master joined; start the master with the same "
            + "emcee.cluster.name and emcee.cluster.members, or raise "
            + setting);
  }

  /**
   * The members a master waited for did not all join in time.
   *
   * @param where this master
   * @param wanted the members it needs, itself included
   * @param present the members there now
   * @param seconds how long it waited
   * @param setting the setting that bounds the wait
   * @param missing the listed members known to be missing, or empty when the backend cannot tell
   * @return EMCEE-P009
   */
  public static PoolException membersMissing(
      String where, int wanted, int present, long seconds, String setting, List<String> missing) {
    return new PoolException(
        "EMCEE-P009",
        where
            + " waited "
            + seconds
            + " s for "
            + wanted
            + " members and "
            + present
            + (present == 1 ? " is" : " are")
            + " there"
            + (missing.isEmpty() ? "" : " (missing: " + String.join(", ", missing) + ")")
            + "; start the missing workers with the same emcee.cluster.name and"
            + " emcee.cluster.members, check that their ports are reachable, or raise "
            + setting);
  }

  /**
   * A member list that cannot work.
   *
   * @param members the list as given
   * @param why what is wrong with it and what to do
   * @return EMCEE-P008
   */
  public static PoolException badMembers(String members, String why) {
    return new PoolException(
        "EMCEE-P008", "emcee.cluster.members '" + members + "' cannot work: " + why);
  }

  /**
   * A live member answered that it could not evaluate its chunk (not a failing row: those are
   * {@link io.emcee.api.EvaluationException}s).
   *
   * @param member the member, e.g. {@code "member 127.0.0.1:5702"}
   * @param message its reason
   * @return EMCEE-P043
   */
  public static PoolException memberFailed(String member, String message) {
    return new PoolException("EMCEE-P043", member + " could not evaluate its chunk: " + message);
  }
}
