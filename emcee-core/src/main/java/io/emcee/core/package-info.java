/** The sampler and the ensemble it advances: what users of emcee call. */
@NullMarked
package io.emcee.core;

import org.jspecify.annotations.NullMarked;
