/** A pool on a Hazelcast cluster, for the same program run as master and workers. */
@NullMarked
package io.emcee.pool.hazelcast;

import org.jspecify.annotations.NullMarked;
