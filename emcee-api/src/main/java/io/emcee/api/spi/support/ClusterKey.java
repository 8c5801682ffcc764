package io.emcee.api.spi.support;

import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The key of a cluster: whoever holds it may have the workers run code, as with ipyparallel. Every
 * request a client or master sends carries an HMAC-SHA256 over its bytes, and a worker checks it
 * before it deserializes or defines anything. The key comes from {@value #SECRET}, from the file
 * named by {@value #KEY_FILE}, or from the default file {@code ~/.emcee/cluster.key} that {@code
 * bin/emcee-cluster start} creates readable by its user only.
 *
 * <pre>{@code ClusterKey key = ClusterKey.find(settings); byte[] mac = key.sign(chunk, function);}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ClusterKey {
  /** The cluster's secret itself (prefer a key file: a property shows in the process list). */
  public static final String SECRET = "emcee.cluster.secret";

  /** A file holding the cluster's secret (default {@code ~/.emcee/cluster.key}). */
  public static final String KEY_FILE = "emcee.cluster.keyfile";

  private static final int BLOCK = 64;

  private final byte[] inner;
  private final byte[] outer;
  private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(ClusterKey::sha256);

  private ClusterKey(byte[] secret) {
    byte[] k = secret.length > BLOCK ? sha256().digest(secret) : secret;
    this.inner = new byte[BLOCK];
    this.outer = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      inner[i] = (byte) (b ^ 0x36);
      outer[i] = (byte) (b ^ 0x5c);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * A key from its secret text.
   *
   * @param secret the secret
   * @return the key
   */
  public static ClusterKey of(String secret) {
    return new ClusterKey(secret.trim().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The default key file of this user, {@code ~/.emcee/cluster.key}.
   *
   * @return its path
   */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".emcee", "cluster.key");
  }

  /**
   * The key the settings give: {@value #SECRET}, else the file of {@value #KEY_FILE}, else the
   * default file if it exists.
   *
   * @param settings the process's settings
   * @return the key, or null when none is configured
   * @throws PoolException (EMCEE-P046) when a named key file cannot be read
   */
  public static @Nullable ClusterKey find(PoolSettings settings) {
    String secret = settings.get(SECRET);
    if (secret != null) {
      return of(secret);
    }
    String file = settings.get(KEY_FILE);
    if (file != null) {
      return read(Path.of(file));
    }
    Path home = defaultFile();
    return Files.isReadable(home) ? read(home) : null;
  }

  /**
   * The key the settings name explicitly ({@value #SECRET} or {@value #KEY_FILE}), ignoring the
   * default file: for the same-program mode, whose processes need a key only when told to.
   *
   * @param settings the process's settings
   * @return the key, or null when none is configured
   * @throws PoolException (EMCEE-P046) when a named key file cannot be read
   */
  public static @Nullable ClusterKey findConfigured(PoolSettings settings) {
    return settings.get(SECRET) == null && settings.get(KEY_FILE) == null ? null : find(settings);
  }

  /**
   * The key of a master or worker of a grid pool (not of a client, which reads its key with {@link
   * #find} once it has found the cluster): for a standing worker {@link #find}, else {@link
   * #findConfigured}; refused beyond loopback when there is none.
   *
   * @param cluster the process's cluster settings
   * @param backend the backend's name in the message, e.g. {@code "hazelcast"}
   * @return the key, or null when none is configured and the process binds loopback
   * @throws PoolException (EMCEE-P046) when a named key file cannot be read, or there is no key
   *     beyond loopback
   */
  public static @Nullable ClusterKey ofServer(GridPoolProvider.Cluster cluster, String backend) {
    ClusterKey key =
        cluster.isStanding() ? find(cluster.settings()) : findConfigured(cluster.settings());
    requireBeyondLoopback(
        key, cluster.host(), "the " + backend + " " + (cluster.isMaster() ? "master" : "worker"));
    return key;
  }

  private static ClusterKey read(Path file) {
    try {
      return of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      throw new PoolException(
          "EMCEE-P046",
          "cannot read the cluster key file "
              + file
              + " ("
              + e
              + "); copy it from the machine that ran bin/emcee-cluster start, or set "
              + SECRET);
    }
  }

  /**
   * Creates a key file with a new random secret, readable and writable by this user only, unless it
   * exists.
   *
   * @param file where to write it
   * @return the key in the file
   */
  public static ClusterKey createIfAbsent(Path file) {
    if (Files.exists(file)) {
      return read(file);
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null && !Files.exists(dir)) {
        Files.createDirectories(dir);
        trySetPermissions(dir, "rwx------");
      }
      Path tmp = Files.createTempFile(dir, ".cluster", ".key");
      trySetPermissions(tmp, "rw-------");
      Files.writeString(tmp, HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        Files.deleteIfExists(tmp);
      }
      return read(file);
    } catch (IOException e) {
      throw new PoolException(
          "EMCEE-P046", "cannot create the cluster key file " + file + ": " + e, e);
    }
  }

  private static void trySetPermissions(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the user's profile directory protects it
    }
  }

  /**
   * Whether {@code host} is a loopback interface, which only this machine reaches.
   *
   * @param host a host name or address
   * @return whether it is loopback
   */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Refuses to serve beyond loopback without a key.
   *
   * @param key the key found, or null
   * @param host the interface this process binds
   * @param who this process in the message, e.g. {@code "the hazelcast worker"}
   * @throws PoolException (EMCEE-P046) when {@code host} is not loopback and there is no key
   */
  public static void requireBeyondLoopback(@Nullable ClusterKey key, String host, String who) {
    if (key == null && !isLoopback(host)) {
      throw new PoolException(
          "EMCEE-P046",
          who
              + " binds "
              + host
              + ", which other machines reach, and has no cluster key: anyone reaching it could"
              + " run code as this user. Give every process the same key ("
              + KEY_FILE
              + "=<file readable only by you>, or "
              + SECRET
              + "), or bind 127.0.0.1");
    }
  }

  /**
   * The authenticator of a request made of {@code parts} (a null part counts as absent, which is
   * not the same as empty).
   *
   * @param parts the request's byte arrays, in order
   * @return the HMAC-SHA256, 32 bytes
   */
  public byte[] sign(byte[]... parts) {
    MessageDigest mac = digests.get();
    mac.reset();
    mac.update(inner);
    byte[] length = new byte[4];
    for (byte[] part : parts) {
      int n = part == null ? -1 : part.length;
      length[0] = (byte) (n >>> 24);
      length[1] = (byte) (n >>> 16);
      length[2] = (byte) (n >>> 8);
      length[3] = (byte) n;
      mac.update(length);
      if (part != null) {
        mac.update(part);
      }
    }
    byte[] innerHash = mac.digest();
    mac.update(outer);
    return mac.digest(innerHash);
  }

  /** HMAC-SHA256 of one message (RFC 2104), for checks against published test vectors. */
  static byte[] hmac(byte[] secret, byte[] message) {
    ClusterKey key = new ClusterKey(secret);
    MessageDigest md = sha256();
    md.update(key.inner);
    byte[] innerHash = md.digest(message);
    md.update(key.outer);
    return md.digest(innerHash);
  }

  /**
   * Whether {@code mac} authenticates {@code parts} under this key (in constant time).
   *
   * @param mac what came with the request, or null
   * @param parts the request's byte arrays, in order
   * @return whether it is this key's
   */
  public boolean verify(byte @Nullable [] mac, byte[]... parts) {
    return mac != null && MessageDigest.isEqual(mac, sign(parts));
  }
}
