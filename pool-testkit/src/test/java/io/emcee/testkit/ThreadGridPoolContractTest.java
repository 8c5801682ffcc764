package io.emcee.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emcee.api.Pool;
import org.jspecify.annotations.Nullable;

/** The contract kit proven on a backend written on the grid pool kit: members on threads. */
class ThreadGridPoolContractTest extends PoolContract {

  @Override
  protected Pool master() {
    return new ThreadGridPool(true, 3);
  }

  @Override
  protected Pool masterAlone() {
    return new ThreadGridPool(true, 0);
  }

  @Override
  protected @Nullable Pool worker() {
    return new ThreadGridPool(false, 0);
  }

  /** Rows 30-44 of 60 are the second member's quarter. */
  @Override
  protected void checkFailureLocation(String location) {
    assertEquals("thread member 2", location);
  }

  @Override
  protected boolean shipsFunctions() {
    return true;
  }

  @Override
  protected boolean killOneWorker(Pool master) {
    try {
      ((ThreadGridPool) master).kill(1);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return true;
  }
}
