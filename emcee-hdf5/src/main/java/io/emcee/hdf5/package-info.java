/** Chains in emcee's HDF5 layout, for Python's emcee and h5py. */
@NullMarked
package io.emcee.hdf5;

import org.jspecify.annotations.NullMarked;
