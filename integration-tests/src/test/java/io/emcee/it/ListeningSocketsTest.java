package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loopback check the grid tests make can fail: a socket on every interface is caught. */
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
}
