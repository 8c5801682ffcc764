package io.emcee.api.spi;

import io.emcee.api.Stability;

/**
 * Whether a provider can run in this process, and if not, why: shown by {@link
 * io.emcee.api.Pools#describe()}.
 *
 * <pre>{@code return Availability.unavailable("not launched under mpirun (1 rank)");}</pre>
 *
 * @param available whether automatic selection may choose the provider
 * @param reason why not, or a short note when available
 */
@Stability(Stability.Level.STABLE)
public record Availability(boolean available, String reason) {

  private static final Availability AVAILABLE = new Availability(true, "available");

  /**
   * The provider can run here.
   *
   * @return an available result
   */
  public static Availability ok() {
    return AVAILABLE;
  }

  /**
   * The provider cannot run here, for the reason given.
   *
   * @param reason one line saying why, e.g. {@code "not launched under mpirun"}
   * @return an unavailable result
   */
  public static Availability unavailable(String reason) {
    return new Availability(false, reason);
  }
}
