package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import io.emcee.api.Stability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes an export all at once, so a failed export never spoils the file it was to replace: the
 * content goes to a temporary file in the target's folder, is forced to the disk, and is renamed
 * over the target (atomically where the file system can). Refuses targets that must not be
 * replaced: a folder, a chain file (one a {@link FileBackend} writes, in this JVM or another
 * process, or any file in the chain format). {@link ChainExport} and the HDF5 export use it.
 *
 * <pre>{@code AtomicExport.write(Path.of("summary.txt"), tmp -> Files.writeString(tmp, text));}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class AtomicExport {
  private AtomicExport() {}

  /** Writes the whole content of an export to the file it is given (which does not exist yet). */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the export.
     *
     * @param file where to write it: a new file beside the target
     * @throws IOException when writing fails; the target is then left as it was
     */
    void writeTo(Path file) throws IOException;
  }

  /**
   * Writes {@code content} to {@code target}, replacing it only once the content is complete.
   *
   * @param target the export's path
   * @param content what to write
   * @throws EmceeException F009 when the target is a folder or a chain file, F004 when writing or
   *     renaming fails (the target is then unchanged); exceptions {@code content} throws pass
   *     through, after the temporary file is removed
   */
  public static void write(Path target, Content content) {
    checkTarget(target);
    Path absolute = target.toAbsolutePath();
    Path temporary =
        absolute.resolveSibling(
            "."
                + absolute.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "-"
                + System.nanoTime()
                + ".tmp");
    boolean done = false;
    try {
      content.writeTo(temporary);
      try (FileChannel c = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      checkTarget(target); // a writer may have opened it meanwhile
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } catch (IOException e) {
      throw new EmceeException(
          "EMCEE-F004", "could not write " + target + " (it is unchanged): " + e, e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // a leftover hidden temporary file is harmless
        }
      }
    }
  }

  /**
   * Refuses a target an export must not replace; {@link #write} checks again, this lets an export
   * fail before its expensive part.
   *
   * @param target the export's path
   * @throws EmceeException F009 when it is a folder, a chain file being written, or a chain file
   */
  public static void checkTarget(Path target) {
    if (Files.isDirectory(target)) {
      throw new EmceeException(
          "EMCEE-F009", "will not export to " + target + ": it is a folder; give a file name");
    }
    ChainLocks.checkNotWritten(target);
    if (Files.isRegularFile(target) && startsWithChainMagic(target)) {
      throw new EmceeException(
          "EMCEE-F009",
          "will not export to "
              + target
              + ": it is an emcee-jvm chain file, and an export never replaces a chain; export"
              + " to another path (or delete the chain first if you mean to)");
    }
  }

  private static boolean startsWithChainMagic(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(ChainFormat.MAGIC.length), ChainFormat.MAGIC);
    } catch (IOException e) {
      return false;
    }
  }
}
