/** Numerical and checking helpers of the sampler. Not exported. */
@NullMarked
package io.emcee.core.internal;

import org.jspecify.annotations.NullMarked;
