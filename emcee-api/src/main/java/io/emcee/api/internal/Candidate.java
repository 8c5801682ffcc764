package io.emcee.api.internal;

import io.emcee.api.spi.PoolProvider;
import org.jspecify.annotations.Nullable;

/**
 * One entry found during discovery: a working provider, or a broken one with the error that made it
 * unusable.
 *
 * @param provider the provider, or null when it could not be loaded
 * @param origin where it came from: its class, or the service entry that failed
 * @param loadError why it could not be loaded, or null
 */
public record Candidate(
    @Nullable PoolProvider provider, String origin, @Nullable String loadError) {

  /** A provider that loaded. */
  public static Candidate of(PoolProvider provider) {
    return new Candidate(provider, provider.getClass().getName(), null);
  }

  /** A provider entry that could not be loaded. */
  public static Candidate broken(String origin, String error) {
    return new Candidate(null, origin, error);
  }
}
