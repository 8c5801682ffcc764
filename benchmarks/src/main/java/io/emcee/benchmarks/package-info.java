/** Benchmarks: JMH for hot paths, mains for side-by-side comparisons. */
@NullMarked
package io.emcee.benchmarks;

import org.jspecify.annotations.NullMarked;
