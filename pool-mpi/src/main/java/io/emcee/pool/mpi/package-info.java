/**
 * A pool across the ranks of an OpenMPI job through OpenMPI's Java bindings: rank 0 samples, the
 * other ranks serve.
 */
@NullMarked
package io.emcee.pool.mpi;

import org.jspecify.annotations.NullMarked;
