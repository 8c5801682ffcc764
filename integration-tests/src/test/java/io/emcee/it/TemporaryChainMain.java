package io.emcee.it;

import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.storage.FileBackend;

/**
 * Child-JVM program for the temporary-chain test: runs into a temporary chain, prints its path and
 * exits without closing the backend, as a program that forgets to does.
 */
public final class TemporaryChainMain {
  private TemporaryChainMain() {}

  /**
   * Runs 20 steps into a temporary chain and prints {@code path=<file>} and {@code steps=<n>}.
   *
   * @param args none
   */
  public static void main(String[] args) {
    FileBackend chain =
        FileBackend.openTemporary(FileBackend.Options.DEFAULT.withFlushEverySteps(5));
    Sampler sampler = Sampler.builder().seed(3).backend(chain).build();
    sampler.run(new Ensemble(MHMoveChainMain.MODEL, MHMoveChainMain.start()), 20);
    System.out.println("path=" + chain.getPath());
    System.out.println("exists=" + java.nio.file.Files.exists(chain.getPath()));
  }
}
