/** A pool on the threads of this JVM, stopped cleanly by an interrupt. */
@NullMarked
package io.emcee.pool.local;

import org.jspecify.annotations.NullMarked;
