package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterKeyTest {

  @Test
  void theAuthenticatorIsHmacSha256AsPublished() {
    // RFC 4231, test cases 2 and 6 (a key longer than the block).
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        HexFormat.of()
            .formatHex(
                ClusterKey.hmac(
                    "Jefe".getBytes(StandardCharsets.US_ASCII),
                    "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII))));
    byte[] longKey = new byte[131];
    java.util.Arrays.fill(longKey, (byte) 0xaa);
    assertEquals(
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        HexFormat.of()
            .formatHex(
                ClusterKey.hmac(
                    longKey,
                    "Test Using Larger Than Block-Size Key - Hash Key First"
                        .getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  void onlyTheSameKeyOverTheSameBytesVerifies() {
    ClusterKey key = ClusterKey.of("secret");
    byte[] chunk = {1, 2, 3};
    byte[] mac = key.sign(chunk, null, new byte[0]);
    assertTrue(key.verify(mac, chunk, null, new byte[0]));
    assertFalse(key.verify(mac, chunk, new byte[0], null), "absent is not empty");
    assertFalse(key.verify(mac, new byte[] {1, 2, 4}, null, new byte[0]));
    assertFalse(ClusterKey.of("other").verify(mac, chunk, null, new byte[0]));
    assertFalse(key.verify(null, chunk, null, new byte[0]));
  }

  @Test
  void aCreatedKeyFileIsReadableByItsUserOnlyAndFoundBySetting(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys/cluster.key");
    ClusterKey created = ClusterKey.createIfAbsent(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    ClusterKey found =
        ClusterKey.find(PoolSettings.empty().with(ClusterKey.KEY_FILE, file.toString()));
    byte[] part = {9};
    assertArrayEquals(created.sign(part), found.sign(part));
    assertArrayEquals(created.sign(part), ClusterKey.createIfAbsent(file).sign(part));
  }

  @Test
  void beyondLoopbackAKeyIsRequired() {
    ClusterKey.requireBeyondLoopback(null, "127.0.0.1", "the worker");
    PoolException e =
        assertThrows(
            PoolException.class,
            () -> ClusterKey.requireBeyondLoopback(null, "192.0.2.1", "the worker"));
    assertEquals("EMCEE-P046", e.getCode());
    ClusterKey.requireBeyondLoopback(ClusterKey.of("k"), "192.0.2.1", "the worker");
  }
}
