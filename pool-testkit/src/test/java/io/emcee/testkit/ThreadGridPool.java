package io.emcee.testkit;

import io.emcee.api.PoolSettings;
import io.emcee.api.RunInterruptedException;
import io.emcee.api.spi.support.FunctionCache;
import io.emcee.api.spi.support.GridPool;
import io.emcee.api.spi.support.Shipping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * A backend written on the grid pool kit, for tests only: its "members" are threads of this JVM,
 * each with its own function cache, that receive chunks and functions as bytes and answer with
 * bytes, as a cluster library's members would.
 */
final class ThreadGridPool extends GridPool<ThreadGridPool.Member, CompletableFuture<byte[]>> {

  /** A member: a thread serving a queue of requests. */
  static final class Member implements Runnable {
    private record Request(
        byte[] chunk, byte @Nullable [] function, CompletableFuture<byte[]> answer) {}

    private final String name;
    private final FunctionCache functions = new FunctionCache();
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean alive = true;

    Member(String name) {
      this.name = name;
      functions.setAllowList(Shipping.allowList(PoolSettings.empty()));
      this.thread = new Thread(this, name);
      thread.start();
    }

    CompletableFuture<byte[]> submit(byte[] chunk, byte @Nullable [] function) {
      CompletableFuture<byte[]> answer = new CompletableFuture<>();
      if (!alive) {
        answer.completeExceptionally(new IllegalStateException(name + " is gone"));
      } else {
        queue.add(new Request(chunk, function, answer));
      }
      return answer;
    }

    @Override
    public void run() {
      try {
        while (alive) {
          Request r = queue.take();
          r.answer().complete(functions.run(r.chunk(), null, r.function(), name));
        }
      } catch (InterruptedException e) {
        // killed or stopped
      }
      alive = false;
      queue.forEach(r -> r.answer().completeExceptionally(new IllegalStateException("gone")));
    }

    void stop() throws InterruptedException {
      alive = false;
      thread.interrupt();
      thread.join();
    }
  }

  private final List<Member> members = new ArrayList<>();

  ThreadGridPool(boolean master, int workers) {
    super("threadgrid", master, Duration.ofSeconds(1));
    for (int i = 1; i <= workers; i++) {
      members.add(new Member("thread member " + i));
    }
  }

  /** Kills a member as a crash would: its queued and later requests fail. */
  void kill(int index) throws InterruptedException {
    members.get(index).stop();
  }

  /** Every member, dead ones too: a dead member's share comes back as gone. */
  @Override
  protected List<Member> workers() {
    return members;
  }

  @Override
  protected Object idOf(Member member) {
    return member.name;
  }

  @Override
  protected CompletableFuture<byte[]> send(
      Member member, byte[] chunk, @Nullable Shipment function) {
    return member.submit(chunk, function == null ? null : function.bytes());
  }

  @Override
  protected byte @Nullable [] receive(CompletableFuture<byte[]> answer, Member member) {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunInterruptedException("interrupted while waiting for " + member.name);
    } catch (ExecutionException e) {
      return null; // gone: its share is evaluated here
    }
  }

  @Override
  protected boolean masterPresent() {
    return isMaster();
  }

  @Override
  protected int memberCount() {
    return 1 + (int) members.stream().filter(m -> m.alive).count();
  }

  @Override
  protected String location() {
    return "the master thread";
  }

  @Override
  protected String describe(Member member) {
    return member.name;
  }

  @Override
  protected void releaseWorkers() {}

  @Override
  protected void shutdown() {
    for (Member m : members) {
      try {
        m.stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
