package io.emcee.core.storage;

import java.nio.file.Path;

/**
 * A writer's JVM shutdown hook: it writes the buffered steps, so that a normal exit or Ctrl-C loses
 * nothing, or closes and deletes a temporary chain instead. At shutdown there is nobody to tell of
 * a failure: the file still opens to its last good block.
 */
final class ShutdownHook {
  private final Thread hook;

  private ShutdownHook(Runnable atExit, String name) {
    this.hook = new Thread(atExit, name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Registers the hook of a writer.
   *
   * @param chain the writer
   * @param temporary whether the chain is temporary (deleted rather than flushed)
   * @param path its file
   * @return the registered hook
   */
  static ShutdownHook register(FileBackend chain, boolean temporary, Path path) {
    if (temporary) {
      return new ShutdownHook(
          () -> {
            try {
              chain.close();
            } catch (RuntimeException e) {
              TemporaryChainFile.deleteQuietly(path);
            }
          },
          "emcee-chain-delete");
    }
    return new ShutdownHook(
        () -> {
          try {
            chain.flush();
          } catch (RuntimeException e) {
            // the file still opens to its last good block
          }
        },
        "emcee-chain-flush");
  }

  /** Unregisters the hook (when the chain closes before the JVM does). */
  void remove() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }
}
