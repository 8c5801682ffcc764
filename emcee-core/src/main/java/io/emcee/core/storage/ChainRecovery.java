package io.emcee.core.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
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
   * Moves the bytes after {@code goodBytes} to a new file beside {@code path} and cuts the chain
   * file there.
   *
   * @param path the chain file
   * @param file the chain file, open for writing with its lock held
   * @param goodBytes where the verified part ends
   * @return the file holding the cut bytes
   */
  static Path cut(Path path, RandomAccessFile file, long goodBytes) throws IOException {
    Path copy = freeName(path);
    long size = file.length();
    try (FileChannel out =
        FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream sink = java.nio.channels.Channels.newOutputStream(out);
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
    return copy;
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
