package io.emcee.core.storage;

import io.emcee.api.EmceeException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Cuts a chain file back to its verified part, keeping what it cuts: the bytes from the first bad
 * one to the end go, unchanged, to {@code <file>.damaged-<UTC time>} beside it (so {@code cat
 * run.chain run.chain.damaged-...} gives back the original file), and only once that copy is on the
 * disk is the chain file shortened.
 */
final class ChainRecovery {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int CHUNK = 1 << 20;

  private ChainRecovery() {}

  /**
   * The error a read-write open of a damaged file gives: what is intact, where the damage starts,
   * what lies past it, and how to go on.
   */
  static EmceeException refusal(Path path, FileBackend.Recovery found, ChainScan.Result scan) {
    StringBuilder m = new StringBuilder();
    m.append("the chain file ")
        .append(path)
        .append(" is damaged at byte ")
        .append(found.goodBytes())
        .append(" (")
        .append(found.reason())
        .append("); the ")
        .append(found.steps())
        .append(" steps before it are intact");
    if (scan.intactBlocksAfter() > 0) {
      m.append(", and after it ")
          .append(scan.intactBlocksAfter())
          .append(" intact block(s) hold steps ")
          .append(scan.firstStepAfter())
          .append(" to ")
          .append(scan.lastStepAfter());
    }
    m.append(". Opening it for writing would cut ")
        .append(found.discardedBytes())
        .append(" bytes, so nothing was changed. To go on from step ")
        .append(found.steps())
        .append(", call FileBackend.recover(path) (it moves the bytes from byte ")
        .append(found.goodBytes())
        .append(" on to ")
        .append(path.getFileName())
        .append(".damaged-<time> beside it) or open with")
        .append(" Options.withRecoverDamaged(true); resuming recomputes the cut steps exactly.")
        .append(" FileBackend.openReadOnly(path) reads the intact steps as they are.");
    return new EmceeException("EMCEE-F007", m.toString());
  }

  /**
   * Moves the bytes after the verified part to a new file beside {@code path} and cuts the chain
   * file there.
   *
   * @param path the chain file
   * @param file the chain file, open for writing with its lock held
   * @param found what the scan of the file found
   * @param scan the scan's details
   * @return the report: what was kept, what was cut, and where it went
   */
  static FileBackend.Recovery cut(
      Path path, RandomAccessFile file, FileBackend.Recovery found, ChainScan.Result scan)
      throws IOException {
    long goodBytes = found.goodBytes();
    Path copy = freeName(path);
    long size = file.length();
    try (FileChannel out =
        FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream sink = Channels.newOutputStream(out);
      byte[] chunk = new byte[CHUNK];
      long at = goodBytes;
      file.seek(at);
      while (at < size) {
        int n = file.read(chunk, 0, (int) Math.min(CHUNK, size - at));
        if (n < 0) {
          break;
        }
        sink.write(chunk, 0, n);
        at += n;
      }
      sink.flush();
      out.force(true);
    }
    if (Files.size(copy) != size - goodBytes) {
      throw new IOException("the copy " + copy + " of the damaged part is incomplete");
    }
    file.setLength(goodBytes);
    file.getFD().sync();
    String reason = found.reason();
    if (scan.intactBlocksAfter() > 0) {
      reason +=
          "; "
              + scan.intactBlocksAfter()
              + " intact block(s) after it, steps "
              + scan.firstStepAfter()
              + " to "
              + scan.lastStepAfter()
              + ", kept in the copy";
    }
    return new FileBackend.Recovery(found.steps(), goodBytes, size - goodBytes, reason, copy);
  }

  private static Path freeName(Path path) {
    String base = path.getFileName() + ".damaged-" + STAMP.format(Instant.now());
    Path candidate = path.resolveSibling(base);
    for (int i = 1; Files.exists(candidate); i++) {
      candidate = path.resolveSibling(base + "-" + i);
    }
    return candidate;
  }
}
