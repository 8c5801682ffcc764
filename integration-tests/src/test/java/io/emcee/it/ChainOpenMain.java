package io.emcee.it;

import io.emcee.api.EmceeException;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;

/**
 * Child-JVM program for the one-writer and damaged-file tests: {@code hold path} opens the chain
 * for writing, prints "holding" and waits to be killed; {@code open path} tries to open it for
 * writing and prints "opened steps=N" or the error's code and message; {@code recover path} prints
 * what {@link FileBackend#recover} did.
 */
public final class ChainOpenMain {
  private ChainOpenMain() {}

  /** Runs the program. */
  public static void main(String[] args) throws InterruptedException {
    Path path = Path.of(args[1]);
    try {
      switch (args[0]) {
        case "hold" -> {
          FileBackend chain = FileBackend.open(path);
          System.out.println("holding steps=" + chain.getIteration());
          System.out.flush();
          Thread.sleep(120_000);
        }
        case "open" -> {
          try (FileBackend chain = FileBackend.open(path)) {
            System.out.println("opened steps=" + chain.getIteration());
          }
        }
        case "recover" -> {
          FileBackend.Recovery r = FileBackend.recover(path);
          System.out.println("recovered steps=" + r.steps() + " savedTo=" + r.savedTo());
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    } catch (EmceeException e) {
      System.out.println("error " + e.getMessage());
    }
  }
}
