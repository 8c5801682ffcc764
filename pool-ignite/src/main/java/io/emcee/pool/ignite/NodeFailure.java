package io.emcee.pool.ignite;

import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.spi.support.Shipping;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The error for a chunk a live node could not run, worded for the user: the class at fault and the
 * fix (an allow-list setting, a class to make serializable, or the same classes everywhere).
 */
final class NodeFailure {
  /** How Ignite names a class its allow-list refuses. */
  private static final Pattern REFUSED =
      Pattern.compile("Deserialization of class ([\\w.$]+) is disallowed");

  private NodeFailure() {}

  /** The error for a job a live node could not run: names the class at fault and the fix. */
  static PoolException of(ClusterNode node, Throwable e) {
    String root = rootMessage(e);
    Matcher refused = REFUSED.matcher(root);
    String fix;
    if (refused.find()) {
      String type = refused.group(1);
      String pkg = type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
      fix =
          "the node's deserialization allow-list refuses "
              + type
              + "; start every node with -D"
              + Shipping.ALLOW
              + "="
              + pkg
              + " (or "
              + PoolSettings.environmentName(Shipping.ALLOW)
              + "="
              + pkg
              + ")";
    } else if (root.contains("NotSerializableException")) {
      fix = "make the log-probability's class and everything it captures Serializable";
    } else {
      fix =
          "check that the log-probability's class and what it captures are the same on every"
              + " node (or absent there, for peer class loading) and can be serialized";
    }
    return new PoolException(
        "EMCEE-P054",
        "node "
            + node.consistentId()
            + " could not run the log-probability's job: "
            + root
            + "; "
            + fix,
        e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getName() + ": " + t.getMessage();
  }
}
