/**
 * Chains in emcee's HDF5 layout: {@link io.emcee.hdf5.EmceeHdf5} writes what Python's {@code
 * emcee.backends.HDFBackend} reads, and reads what it writes.
 *
 * <pre>{@code EmceeHdf5.write(sampler.getBackend(), Path.of("chain.h5"));}</pre>
 */
// jHDF is an automatic module; "hdf5" is the format's own name, digit and all.
@SuppressWarnings({"requires-automatic", "module"})
module io.emcee.hdf5 {
  requires transitive io.emcee.core;
  requires io.jhdf;
  requires java.logging;
  requires static transitive org.jspecify;

  exports io.emcee.hdf5;
}
