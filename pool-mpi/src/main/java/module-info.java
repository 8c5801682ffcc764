/**
 * A master/worker pool across the ranks of an OpenMPI job: {@link io.emcee.pool.mpi.MpiPool},
 * registered as {@code mpi}. Needs OpenMPI's Java bindings ({@code mpi.jar}, automatic module
 * {@code mpi}) and is chosen automatically only under {@code mpirun} with more than one rank.
 *
 * <pre>{@code mpirun -np 4 java -cp app.jar:mpi.jar Main}</pre>
 */
module io.emcee.pool.mpi {
  requires transitive io.emcee.api;
  requires mpi;
  requires static transitive org.jspecify;

  exports io.emcee.pool.mpi;

  provides io.emcee.api.spi.PoolProvider with
      io.emcee.pool.mpi.MpiPoolProvider;
}
