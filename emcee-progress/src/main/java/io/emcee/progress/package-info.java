/** A terminal progress bar for a run, as a step listener. */
@NullMarked
package io.emcee.progress;

import org.jspecify.annotations.NullMarked;
