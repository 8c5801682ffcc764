package io.emcee.pool.ignite;

import io.emcee.api.spi.support.ChunkResult;
import io.emcee.api.spi.support.FunctionCache;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.IgniteMessaging;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.jspecify.annotations.Nullable;

/**
 * Chunks as Ignite messages: one {@code byte[]} request to a worker's topic and one answer back,
 * which costs less than a compute job (no task session, deployment or job response). A worker
 * listens for chunks and says so to every master and client, now and whenever one asks; a master
 * sends messages only to workers that said so (a message to a topic nobody listens to is dropped)
 * and completes the requests of a worker that leaves with null, so that its chunks are evaluated
 * where the map runs.
 */
final class ChunkMessaging {
  private static final System.Logger LOG = System.getLogger(ChunkMessaging.class.getName());

  /** The topic of chunk requests, which a worker's listener answers. */
  private static final String CHUNKS = "emcee.chunk";

  /** The topic of the answers, which the master's (or client's) listener takes. */
  private static final String ANSWERS = "emcee.answer";

  /** A master or client asking the workers whether they listen for chunks. */
  private static final String HELLO = "emcee.hello";

  /** A worker telling a master or client that it listens for chunks. */
  private static final String LISTENING = "emcee.listening";

  private final Ignite ignite;
  private final String cluster;
  private final Set<UUID> listening = ConcurrentHashMap.newKeySet();
  private final Map<UUID, IgniteMessaging> messengers = new ConcurrentHashMap<>();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong requestIds = new AtomicLong();

  /** A request sent, waiting for its worker's answer. */
  private record Pending(UUID node, CompletableFuture<byte @Nullable []> reply) {}

  ChunkMessaging(Ignite ignite, String cluster) {
    this.ignite = ignite;
    this.cluster = cluster;
  }

  /**
   * On a worker: answers chunk requests, and announces that it does. The request is read by {@link
   * ChunkMessage}, which deserializes nothing; the function cache checks its authenticator before
   * the function is read. Every request is answered, with an error when it could not be run.
   *
   * @param signedOnly whether this worker has a key, so that unsigned requests are refused
   */
  void serve(FunctionCache functions, boolean signedOnly, String location) {
    ignite
        .message()
        .localListen(
            CHUNKS,
            (UUID from, Object message) -> {
              ChunkMessage request = ChunkMessage.decode(message);
              if (request != null) {
                answer(from, request.id(), run(functions, request, signedOnly, location));
              }
              return true;
            });
    ignite
        .message()
        .localListen(
            HELLO,
            (UUID from, Object message) -> {
              announce(ignite.cluster().forNodeId(from));
              return true;
            });
    announce(ignite.cluster().forRemotes().forPredicate(ChunkMessaging::sendsChunks));
  }

  private static byte[] run(
      FunctionCache functions, ChunkMessage request, boolean signedOnly, String location) {
    try {
      return request.stamp() != null || signedOnly
          ? functions.runSigned(
              request.chunk(),
              request.function(),
              request.classes(),
              request.stamp(),
              request.mac(),
              location)
          : functions.run(request.chunk(), null, request.function(), location);
    } catch (RuntimeException e) {
      return ChunkResult.error(location + " could not run the chunk: " + e).encode();
    }
  }

  private void answer(UUID to, long id, byte[] result) {
    try {
      ignite.message(ignite.cluster().forNodeId(to)).send(ANSWERS, ChunkMessage.answer(id, result));
    } catch (IgniteException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not answer " + to + ": " + e);
    }
  }

  /** Whether a node is a master or client of emcee (of any cluster name: it checks the name). */
  private static boolean sendsChunks(ClusterNode node) {
    Object role = node.attribute(IgnitePool.ROLE);
    return "master".equals(role) || "client".equals(role);
  }

  private void announce(ClusterGroup to) {
    try {
      if (!to.nodes().isEmpty()) {
        ignite.message(to).send(LISTENING, cluster);
      }
    } catch (IgniteException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not announce this worker: " + e);
    }
  }

  /**
   * On a master or client: takes the answers, learns which workers listen, completes a departed
   * worker's pending requests with null, and asks the workers already there to announce themselves.
   */
  void takeAnswers() {
    ignite
        .message()
        .localListen(
            ANSWERS,
            (UUID from, Object message) -> {
              long id = ChunkMessage.answerId(message);
              Pending p = id < 0 ? null : pending.get(id);
              if (p != null && p.node().equals(from) && pending.remove(id, p)) {
                p.reply().complete(ChunkMessage.answerResult((byte[]) message));
              }
              return true;
            });
    ignite
        .message()
        .localListen(
            LISTENING,
            (UUID from, Object message) -> {
              listening.add(from);
              return true;
            });
    ignite
        .events()
        .localListen(
            event -> {
              abandon(((DiscoveryEvent) event).eventNode().id());
              return true;
            },
            EventType.EVT_NODE_LEFT,
            EventType.EVT_NODE_FAILED);
    try {
      ClusterGroup workers =
          ignite.cluster().forRemotes().forServers().forAttribute(IgnitePool.ROLE, "worker");
      if (!workers.nodes().isEmpty()) {
        ignite.message(workers).send(HELLO, cluster);
      }
    } catch (IgniteException e) {
      LOG.log(System.Logger.Level.DEBUG, "could not greet the workers: " + e);
    }
  }

  /** A node left: it listens no more, and its pending requests are evaluated here. */
  private void abandon(UUID gone) {
    listening.remove(gone);
    messengers.remove(gone);
    pending.forEach(
        (id, p) -> {
          if (p.node().equals(gone) && pending.remove(id, p)) {
            p.reply().complete(null);
          }
        });
  }

  /** Whether {@code node} said that it listens for chunks. */
  boolean listens(UUID node) {
    return listening.contains(node);
  }

  /** A new request id (one per chunk sent as a message). */
  long nextId() {
    return requestIds.incrementAndGet();
  }

  /** How many chunks were sent as messages. */
  long sent() {
    return requestIds.get();
  }

  /** Forgets the messaging facades of nodes that are no longer workers. */
  void retain(Collection<UUID> workers) {
    messengers.keySet().retainAll(workers);
  }

  /**
   * Sends a request; its answer is pending until the worker answers or leaves (then null: the chunk
   * is evaluated here).
   *
   * @throws IgniteException when a node that is still there could not be sent the request
   */
  CompletableFuture<byte @Nullable []> send(UUID node, ChunkMessage request) {
    CompletableFuture<byte @Nullable []> reply = new CompletableFuture<>();
    Pending p = new Pending(node, reply);
    pending.put(request.id(), p);
    try {
      messengers
          .computeIfAbsent(node, id -> ignite.message(ignite.cluster().forNodeId(id)))
          .send(CHUNKS, request.encode());
    } catch (IgniteException e) {
      pending.remove(request.id());
      if (ignite.cluster().node(node) != null) {
        throw e;
      }
      reply.complete(null);
    }
    // a worker that left before its departure could complete this request: evaluated here
    if (ignite.cluster().node(node) == null && pending.remove(request.id(), p)) {
      reply.complete(null);
    }
    return reply;
  }

  /** Drops a request whose answer nobody waits for any more. */
  void forget(long id) {
    pending.remove(id);
  }
}
