/** Runnable examples: the demo that the README's first command runs. */
@NullMarked
package io.emcee.examples;

import org.jspecify.annotations.NullMarked;
