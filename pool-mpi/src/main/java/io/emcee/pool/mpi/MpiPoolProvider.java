package io.emcee.pool.mpi;

import io.emcee.api.Pool;
import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.Stability;
import io.emcee.api.spi.Availability;
import io.emcee.api.spi.PoolProvider;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Registers {@link MpiPool} as the {@code mpi} pool. Automatic selection takes it only when the
 * process was launched by {@code mpirun} (or another PMI launcher) with more than one rank; this is
 * read from the launcher's environment variables, without loading the native library or calling
 * {@code MPI.Init}. Selected by name ({@code emcee.pool=mpi}) it also runs alone, as a single-rank
 * pool.
 *
 * <pre>{@code mpirun -np 4 java -cp app.jar:mpi.jar Main}</pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class MpiPoolProvider implements PoolProvider {

  /** The name this pool is selected by. */
  public static final String NAME = "mpi";

  /** Cheap and side-effect free: nothing of MPI is loaded until {@link #create}. */
  public MpiPoolProvider() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public int getPriority() {
    return PRIORITY_MPI;
  }

  @Override
  public Availability availability(PoolSettings settings) {
    return availability(System::getenv, bindingsPresent());
  }

  /**
   * The availability for a given environment, for tests.
   *
   * @param env the process environment
   * @param bindingsPresent whether OpenMPI's Java bindings are on the class path
   */
  static Availability availability(
      Function<String, @Nullable String> env, boolean bindingsPresent) {
    if (!bindingsPresent) {
      return Availability.unavailable(MpiPool.BINDINGS_MISSING);
    }
    Map.Entry<String, Integer> size = worldSize(env);
    if (size == null) {
      return Availability.unavailable(
          "not launched under mpirun (no OMPI_COMM_WORLD_SIZE or PMI_SIZE in the environment)");
    }
    if (size.getValue() < 2) {
      return Availability.unavailable(
          "launched under mpirun with 1 rank ("
              + size.getKey()
              + "="
              + size.getValue()
              + "); the mpi pool is chosen automatically from 2 ranks on");
    }
    return Availability.ok();
  }

  /** The launcher's world size and the variable it came from, or null outside a launcher. */
  static Map.@Nullable Entry<String, Integer> worldSize(Function<String, @Nullable String> env) {
    for (String name : new String[] {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
      String value = env.apply(name);
      if (value != null && !value.isBlank()) {
        try {
          return Map.entry(name, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
          return Map.entry(name, 0);
        }
      }
    }
    return null;
  }

  /** Whether {@code mpi.MPI} can be found, without initializing it (no native library loaded). */
  static boolean bindingsPresent() {
    try {
      Class.forName("mpi.MPI", false, MpiPoolProvider.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public Pool create(PoolSettings settings) {
    if (!bindingsPresent()) {
      throw new PoolException("EMCEE-P070", MpiPool.BINDINGS_MISSING);
    }
    return new MpiPool(settings);
  }
}
