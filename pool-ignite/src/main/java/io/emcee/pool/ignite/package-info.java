/** A pool on an Apache Ignite 2 cluster, for the same program run as master and workers. */
@NullMarked
package io.emcee.pool.ignite;

import org.jspecify.annotations.NullMarked;
