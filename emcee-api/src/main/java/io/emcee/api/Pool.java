package io.emcee.api;

/**
 * Evaluates a function over a batch of points, in order: the one thing a sampler asks of the
 * machine it runs on. Implementations run serially, on threads, on a data grid or across MPI ranks;
 * the sampler cannot tell which.
 *
 * <p>On grid and MPI backends every process runs the same program: on a worker {@link #isMaster()}
 * is false and {@link #waitForTasks()} serves the master until it closes the pool.
 *
 * <pre>{@code try (Pool pool = Pools.load()) { pool.map(f, in, ndim, n, out, 1); } }</pre>
 */
@Stability(Stability.Level.STABLE)
public interface Pool extends AutoCloseable {

  /**
   * Evaluates {@code function} at {@code count} points and writes the results in input order.
   *
   * <p>Point {@code i} is {@code inputs[i * inputWidth .. (i + 1) * inputWidth)}; its results go to
   * {@code outputs[i * outputWidth .. (i + 1) * outputWidth)}. A failure of the function at point
   * {@code i} is thrown as an {@link EvaluationException} with index {@code i}; an interrupt of the
   * calling thread as a {@link RunInterruptedException}.
   *
   * @param function the function to evaluate; pools may cache it by identity across calls
   * @param inputs the points, row-major
   * @param inputWidth the number of doubles per point (the dimension)
   * @param count how many points to evaluate
   * @param outputs where results are written, row-major
   * @param outputWidth the number of results per point (1 for a plain log-probability)
   */
  void map(
      RowFunction function,
      double[] inputs,
      int inputWidth,
      int count,
      double[] outputs,
      int outputWidth);

  /**
   * Whether this process drives the sampler. False on grid workers and on MPI ranks other than 0.
   *
   * @return true on the master (and always on single-process pools)
   */
  default boolean isMaster() {
    return true;
  }

  /**
   * On a worker, serves the master's tasks until the master closes the pool, then returns. On the
   * master it returns at once.
   */
  default void waitForTasks() {}

  /**
   * The name this pool is selected by: {@code serial}, {@code local}, {@code hazelcast}, ...
   *
   * @return the pool's name
   */
  String getName();

  /**
   * Releases threads, sockets and cluster membership. Closing twice is harmless. On a grid or MPI
   * master this also releases the workers.
   */
  @Override
  void close();
}
