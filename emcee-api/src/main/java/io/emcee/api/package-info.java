/**
 * What a sampler asks of a pool: evaluate a function over a batch of points, in order.
 *
 * <p>{@link io.emcee.api.Pools#load()} picks the pool that the classpath (or module path) and the
 * configuration select; {@link io.emcee.api.LogProbability} is what users write.
 */
@NullMarked
package io.emcee.api;

import org.jspecify.annotations.NullMarked;
