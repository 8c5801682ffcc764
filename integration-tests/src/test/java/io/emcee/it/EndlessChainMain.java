package io.emcee.it;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.Step;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;

/**
 * Child-JVM program for the endless-run test: samples without a step count into a chain file
 * (written every 3 steps), starting the chain or continuing the stored one, and never stops by
 * itself; prints "sampling" once it has stored 12 steps. Arguments: {@code path}.
 */
public final class EndlessChainMain {
  private EndlessChainMain() {}

  /**
   * Runs the program.
   *
   * @param args the chain file
   */
  public static void main(String[] args) {
    try (FileBackend chain =
        FileBackend.open(Path.of(args[0]), FileBackend.Options.DEFAULT.withFlushEverySteps(3))) {
      Sampler sampler = FileChainMain.sampler().backend(chain).build();
      Ensemble from =
          chain.getIteration() > 0
              ? sampler.resume(FileChainMain.model(200_000), Pools.serial())
              : new Ensemble(FileChainMain.model(200_000), FileChainMain.start(), Pools.serial());
      int announce = chain.getIteration() + 12;
      for (Step step : sampler.sample(from)) {
        if (step.getIteration() == announce) {
          System.out.println("sampling");
          System.out.flush();
        }
      }
    }
  }
}
