package io.emcee.testkit;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets this JVM listens on, read from Linux's /proc: what a grid node really binds,
 * whatever its configuration says.
 *
 * <pre>{@code assertTrue(ListeningSockets.allOnLoopback(ListeningSockets.ofThisProcess()));}</pre>
 */
@io.emcee.api.Stability(io.emcee.api.Stability.Level.EXPERIMENTAL)
public final class ListeningSockets {
  /**
   * Ports that cluster libraries open for clients unless told not to: Ignite's thin-client
   * connector (10800) and REST endpoint (11211). A pool listens on none of them.
   */
  public static final Set<Integer> CLIENT_PORTS = Set.of(10800, 11211);

  private ListeningSockets() {}

  /**
   * Every listening TCP socket this process owns, on Linux (elsewhere: none).
   *
   * @return {@code address:port} entries
   * @throws IOException when /proc cannot be read
   */
  public static List<String> ofThisProcess() throws IOException {
    if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
      return List.of();
    }
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    }
    List<String> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) { // 0A: LISTEN
          String[] local = f[1].split(":");
          listening.add(address(local[0]) + ":" + Integer.parseInt(local[1], 16));
        }
      }
    }
    return listening;
  }

  /** /proc's hex address (32-bit words in host byte order, little-endian here) as text. */
  private static String address(String hex) throws UnknownHostException {
    byte[] raw = new BigInteger("1" + hex, 16).toByteArray();
    byte[] bytes = new byte[hex.length() / 2];
    System.arraycopy(raw, raw.length - bytes.length, bytes, 0, bytes.length);
    for (int w = 0; w < bytes.length; w += 4) {
      for (int i = 0; i < 2; i++) {
        byte t = bytes[w + i];
        bytes[w + i] = bytes[w + 3 - i];
        bytes[w + 3 - i] = t;
      }
    }
    return InetAddress.getByAddress(bytes).getHostAddress();
  }

  /**
   * The sockets among {@code sockets} that listen on one of {@code ports}.
   *
   * @param sockets {@code address:port} entries
   * @param ports the ports
   * @return those on the ports
   */
  public static List<String> onPorts(List<String> sockets, Set<Integer> ports) {
    return sockets.stream()
        .filter(s -> ports.contains(Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))))
        .toList();
  }

  /**
   * Whether every listening socket is on the loopback interface.
   *
   * @param sockets {@code address:port} entries
   * @return whether all are loopback addresses
   * @throws UnknownHostException when an address does not parse
   */
  public static boolean allOnLoopback(List<String> sockets) throws UnknownHostException {
    for (String s : sockets) {
      String host = s.substring(0, s.lastIndexOf(':'));
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        return false;
      }
    }
    return true;
  }
}
