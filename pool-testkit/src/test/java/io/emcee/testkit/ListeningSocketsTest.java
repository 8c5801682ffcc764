package io.emcee.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The checks the grid tests make can fail: a socket on every interface is caught, and so is one on
 * a client port even on loopback.
 */
class ListeningSocketsTest {

  @Test
  void aSocketOnEveryInterfaceIsNotLoopbackAndOneOnLoopbackIs() throws Exception {
    try (ServerSocket wildcard = new ServerSocket(0);
        ServerSocket loopback = new ServerSocket()) {
      loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      List<String> sockets = ListeningSockets.ofThisProcess();
      String any = ":" + wildcard.getLocalPort();
      String local = "127.0.0.1:" + loopback.getLocalPort();
      assertTrue(sockets.stream().anyMatch(s -> s.endsWith(any)), sockets::toString);
      assertTrue(sockets.contains(local), sockets::toString);
      assertFalse(
          ListeningSockets.allOnLoopback(sockets.stream().filter(s -> s.endsWith(any)).toList()));
      assertTrue(ListeningSockets.allOnLoopback(List.of(local)));
    }
  }

  @Test
  void aSocketOnAClientPortIsCaughtEvenOnLoopback() throws Exception {
    try (ServerSocket loopback = new ServerSocket()) {
      loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String local = "127.0.0.1:" + loopback.getLocalPort();
      List<String> sockets = ListeningSockets.ofThisProcess();
      assertEquals(
          List.of(local), ListeningSockets.onPorts(sockets, Set.of(loopback.getLocalPort())));
      assertTrue(ListeningSockets.onPorts(sockets, ListeningSockets.CLIENT_PORTS).isEmpty());
    }
    try (ServerSocket thinClientPort = new ServerSocket()) {
      try {
        thinClientPort.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 10800));
      } catch (BindException busy) {
        Assumptions.abort("port 10800 is in use here: " + busy.getMessage());
      }
      assertEquals(
          List.of("127.0.0.1:10800"),
          ListeningSockets.onPorts(
              ListeningSockets.ofThisProcess(), ListeningSockets.CLIENT_PORTS));
    }
  }
}
