package io.emcee.api.internal;

import io.emcee.api.spi.PoolProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds pool providers with {@link ServiceLoader}: on the module path through {@code provides}, on
 * the class path through {@code META-INF/services}. A provider that fails to load is recorded and
 * skipped, never fatal to the others.
 */
public final class ProviderDiscovery {
  private ProviderDiscovery() {}

  /** The built-in serial provider followed by every provider found. */
  public static List<Candidate> discover() {
    List<Candidate> found = new ArrayList<>();
    found.add(Candidate.of(new SerialPoolProvider()));
    Iterator<PoolProvider> it = ServiceLoader.load(PoolProvider.class).iterator();
    // A bounded loop: a broken entry makes hasNext/next throw and the iterator moves past it.
    for (int guard = 0; guard < 1000; guard++) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(Candidate.of(it.next()));
      } catch (ServiceConfigurationError | LinkageError e) {
        found.add(Candidate.broken("a PoolProvider entry", oneLine(e)));
      }
    }
    return found;
  }

  private static String oneLine(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      sb.append(" <- ").append(c);
    }
    return sb.toString();
  }
}
