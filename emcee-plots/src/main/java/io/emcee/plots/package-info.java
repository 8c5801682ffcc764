/** Trace, corner and autocorrelation-time plots of a chain, as PNG or SVG. */
@NullMarked
package io.emcee.plots;

import org.jspecify.annotations.NullMarked;
