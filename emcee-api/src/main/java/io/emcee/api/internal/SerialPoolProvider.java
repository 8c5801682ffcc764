package io.emcee.api.internal;

import io.emcee.api.Pool;
import io.emcee.api.PoolSettings;
import io.emcee.api.spi.PoolProvider;

/** Provides the built-in serial pool; always present, lowest priority. */
public final class SerialPoolProvider implements PoolProvider {

  @Override
  public String getName() {
    return SerialPool.NAME;
  }

  @Override
  public int getPriority() {
    return PRIORITY_SERIAL;
  }

  @Override
  public Pool create(PoolSettings settings) {
    return SerialPool.INSTANCE;
  }
}
