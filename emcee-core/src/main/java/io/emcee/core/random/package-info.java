/** The sampler's random stream: seeded, jumpable, with a state that can be saved and restored. */
@NullMarked
package io.emcee.core.random;

import org.jspecify.annotations.NullMarked;
