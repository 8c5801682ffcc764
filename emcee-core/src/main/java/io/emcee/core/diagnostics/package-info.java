/** Convergence diagnostics: the integrated autocorrelation time, as emcee estimates it. */
@NullMarked
package io.emcee.core.diagnostics;

import org.jspecify.annotations.NullMarked;
