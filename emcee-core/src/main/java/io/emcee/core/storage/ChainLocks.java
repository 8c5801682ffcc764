package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One writer per chain file: a JVM-wide registry of the chain files open for writing, and the
 * operating system's lock on each ({@code FileChannel.tryLock}) against writers in other processes.
 * The OS drops a lock with the process that held it, so a killed run never blocks the next one.
 *
 * <p>On POSIX systems closing <em>any</em> handle this process has on a file drops the process's
 * lock on it. So while a file is held here, handles this JVM opened to read it are not closed but
 * parked, and closed when the writer lets go (SQLite does the same for the same reason).
 */
final class ChainLocks {
  private static final Map<Object, Held> HELD = new HashMap<>();

  /** Handles that must stay open because closing them would drop a lock another code holds. */
  private static final List<Closeable> KEPT_OPEN = new ArrayList<>();

  private ChainLocks() {}

  private static final class Held {
    final Path path;
    final List<RandomAccessFile> parked = new ArrayList<>();

    Held(Path path) {
      this.path = path;
    }
  }

  /**
   * A chain file open for writing with its lock held.
   *
   * @param file the open file
   * @param key the file's identity in the registry
   */
  record Lease(RandomAccessFile file, Object key) {
    /** Closes the file, which drops the OS lock, and closes the handles parked meanwhile. */
    void release() {
      synchronized (HELD) {
        Held held = HELD.remove(key);
        closeQuietly(file);
        if (held != null) {
          held.parked.forEach(ChainLocks::closeQuietly);
        }
      }
    }
  }

  /**
   * Opens {@code path} for writing (creating it if missing) and takes its lock.
   *
   * @param path the chain file
   * @return the lease, to release on close
   * @throws EmceeException F008 when another writer, in this JVM or another process, holds it
   * @throws IOException when the file cannot be opened
   */
  static Lease openForWriting(Path path) throws IOException {
    synchronized (HELD) {
      if (Files.exists(path)) {
        Held held = HELD.get(key(path));
        if (held != null) {
          throw heldHere(path, held);
        }
      }
      RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
      Object key;
      try {
        key = key(path);
      } catch (IOException e) {
        closeQuietly(file);
        throw e;
      }
      Held held = HELD.get(key);
      if (held != null) { // the path changed to a held file meanwhile
        held.parked.add(file);
        throw heldHere(path, held);
      }
      FileLock lock;
      boolean interrupted = Thread.interrupted(); // an interrupt would close the channel
      try {
        lock = file.getChannel().tryLock();
      } catch (OverlappingFileLockException e) {
        KEPT_OPEN.add(file); // code outside this class locked it: closing would drop that lock
        throw new EmceeException(
            "EMCEE-F008",
            "the chain file "
                + path
                + " is locked by other code in this JVM; a chain file has one writer: release"
                + " that lock first, or read the chain with FileBackend.openReadOnly(path)",
            e);
      } catch (IOException | RuntimeException e) {
        closeQuietly(file);
        throw e;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      if (lock == null) {
        closeQuietly(file);
        throw new EmceeException(
            "EMCEE-F008",
            "the chain file "
                + path
                + " is being written by another process (it holds the file's lock); a chain"
                + " file has one writer: stop that run first, or read the chain with"
                + " FileBackend.openReadOnly(path). A killed process's lock goes with it.");
      }
      HELD.put(key, new Held(path));
      return new Lease(file, key);
    }
  }

  /**
   * The registry key of an existing file.
   *
   * @param path the file
   * @return its identity (device and inode where the system has them)
   * @throws IOException when the file cannot be read
   */
  static Object key(Path path) throws IOException {
    Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    return key != null ? key : path.toRealPath();
  }

  /**
   * A handle to read a chain file: a parked one when the file is held for writing in this JVM and
   * one is free (so that readers opened and closed in a loop beside a writer hold at most as many
   * handles as are open at once), else a new one.
   *
   * @param path an existing file
   * @return the handle and the file's key, for {@link #closeReader}
   * @throws IOException when the file cannot be opened
   */
  static ReadHandle openForReading(Path path) throws IOException {
    synchronized (HELD) {
      Object key = key(path);
      Held held = HELD.get(key);
      if (held != null && !held.parked.isEmpty()) {
        return new ReadHandle(held.parked.remove(held.parked.size() - 1), key);
      }
      return new ReadHandle(new RandomAccessFile(path.toFile(), "r"), key);
    }
  }

  /**
   * A handle opened to read a chain file.
   *
   * @param file the handle
   * @param key the file's identity in the registry
   */
  record ReadHandle(RandomAccessFile file, Object key) {}

  /** The number of handles parked for {@code path} (for tests). */
  static int parked(Path path) throws IOException {
    synchronized (HELD) {
      Held held = HELD.get(key(path));
      return held == null ? 0 : held.parked.size();
    }
  }

  /**
   * Closes a handle opened to read a chain file, or parks it while the file is held for writing.
   *
   * @param file the handle
   * @param key the file's key, taken when the handle was opened
   */
  static void closeReader(RandomAccessFile file, Object key) {
    synchronized (HELD) {
      Held held = HELD.get(key);
      if (held != null) {
        held.parked.add(file);
      } else {
        closeQuietly(file);
      }
    }
  }

  /**
   * Refuses a file an export is about to replace when a chain writer holds it.
   *
   * @param target the export's target, which may not exist
   * @throws EmceeException F009 when a {@link FileBackend} in this JVM or a process holding its
   *     lock writes it
   */
  static void checkNotWritten(Path target) {
    synchronized (HELD) {
      if (!Files.isRegularFile(target)) {
        return;
      }
      Held held;
      try {
        held = HELD.get(key(target));
      } catch (IOException e) {
        return; // unreadable: the rename will say what is wrong
      }
      if (held != null) {
        throw new EmceeException(
            "EMCEE-F009",
            "will not export to "
                + target
                + ": a FileBackend has it open for writing as a chain file; export to another"
                + " path");
      }
      if (!Files.isWritable(target)) {
        return;
      }
      RandomAccessFile probe;
      try {
        probe = new RandomAccessFile(target.toFile(), "rw");
      } catch (IOException e) {
        return; // no verdict from the probe; the registry above covers this JVM
      }
      boolean lockedElsewhere = false;
      boolean interrupted = Thread.interrupted();
      try {
        FileLock lock = probe.getChannel().tryLock();
        lockedElsewhere = lock == null;
        if (lock != null) {
          lock.release();
        }
      } catch (OverlappingFileLockException e) {
        KEPT_OPEN.add(probe); // other code in this JVM locked it: closing would drop that lock
        return;
      } catch (IOException e) {
        // no verdict
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      closeQuietly(probe);
      if (lockedElsewhere) {
        throw new EmceeException(
            "EMCEE-F009",
            "will not export to "
                + target
                + ": another process holds its lock (a chain being written); export to"
                + " another path");
      }
    }
  }

  private static EmceeException heldHere(Path path, Held held) {
    return new EmceeException(
        "EMCEE-F008",
        "the chain file "
            + path
            + " is already open for writing by a FileBackend in this JVM (opened as "
            + held.path
            + "); a chain file has one writer: close that backend first, or read the chain with"
            + " FileBackend.openReadOnly(path)");
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing left to save
    }
  }
}
