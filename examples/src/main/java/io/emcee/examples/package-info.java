/** Runnable examples: the README's demo as a plain program to copy. */
@NullMarked
package io.emcee.examples;

import org.jspecify.annotations.NullMarked;
