/**
 * A kit for writing a distributed pool backend (EXPERIMENTAL: it may change between minor versions;
 * {@link io.emcee.api.spi.PoolProvider} itself is stable).
 *
 * <p>A backend on a cluster library extends {@link io.emcee.api.spi.support.GridPool} and writes
 * only what is its own: the library's node configuration, how a chunk is sent to a member and its
 * answer received, which members are workers, and the membership events that release a worker. The
 * kit does the rest, once for every backend:
 *
 * <ul>
 *   <li>the closed and master checks and the batch checks ({@link
 *       io.emcee.api.spi.support.Batches});
 *   <li>shipping the function: serialized once per run (an unserializable one is refused at the
 *       start of the run, even with no worker), sent once to each member and cached there by a key
 *       ({@link io.emcee.api.spi.support.Shipping}, {@link
 *       io.emcee.api.spi.support.FunctionCache}), deserialized through an allow-list;
 *   <li>scatter with the caller's own share and ordered gather ({@link
 *       io.emcee.api.spi.support.Scatter}), or, when rows cost different amounts, chunks handed out
 *       as members answer with results still in order ({@link
 *       io.emcee.api.spi.support.Scatter#balance}), with the share of a member that is gone
 *       evaluated by the master and counted ({@link
 *       io.emcee.api.spi.support.GridPool#getChunksRerunHere()}); which of these, or shares of
 *       equal predicted cost, runs a map is chosen by what each cost in recent maps; the rows of a
 *       balanced map are handed out slowest first, as predicted from the costs of the nearest
 *       points of the last maps ({@link io.emcee.api.spi.support.CostOrder});
 *   <li>one wire format for a chunk and its result ({@link io.emcee.api.spi.support.Chunk}, {@link
 *       io.emcee.api.spi.support.ChunkResult}): plain bytes any library can carry;
 *   <li>the worker's wait for the master to release it, and the bounded wait for members;
 *   <li>standing clusters: a client role that sends every row to the workers ({@link
 *       io.emcee.api.spi.support.GridPoolProvider.Cluster#isClient()}), the classes a client's
 *       function needs shipped with it and defined per run ({@link
 *       io.emcee.api.spi.support.ClassBundle}), every request authenticated with the cluster's key
 *       before anything in it is read ({@link io.emcee.api.spi.support.ClusterKey}), and the worker
 *       command ({@link io.emcee.api.spi.support.StandingWorker});
 *   <li>one table of error codes ({@link io.emcee.api.spi.support.PoolErrors}).
 * </ul>
 *
 * <p>A backend whose transport is not request/answer (MPI collectives) uses the parts it needs:
 * {@code Batches}, {@code Shipping}, {@code PoolErrors}, and for its balanced maps {@code
 * ChunkPlan} and {@code CostOrder}.
 *
 * <pre>{@code public final class MyPool extends GridPool<Member, Future<byte[]>> { ... } }</pre>
 */
@NullMarked
package io.emcee.api.spi.support;

import org.jspecify.annotations.NullMarked;
