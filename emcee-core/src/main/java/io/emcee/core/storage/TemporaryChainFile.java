package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file of a temporary chain ({@link FileBackend#openTemporary()}): created in the system's
 * temporary folder as {@code emcee-*.chain}, and deleted without a word when the chain closes or
 * the JVM exits.
 */
final class TemporaryChainFile {
  private TemporaryChainFile() {}

  /**
   * A new, empty temporary chain file.
   *
   * @return its path
   * @throws EmceeException (EMCEE-F004) when it cannot be created
   */
  static Path create() {
    try {
      return Files.createTempFile("emcee-", ".chain");
    } catch (IOException e) {
      throw new EmceeException(
          "EMCEE-F004",
          "could not create a temporary chain file in "
              + System.getProperty("java.io.tmpdir")
              + ": "
              + e
              + "; set java.io.tmpdir to a writable folder, or open a chain file of your own",
          new UncheckedIOException(e));
    }
  }

  /** Deletes {@code path} if it is there; a failure is ignored. */
  static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // Nothing more can be done: the file is in the temporary folder.
    }
  }
}
