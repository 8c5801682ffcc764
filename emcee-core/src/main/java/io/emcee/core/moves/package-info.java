/** Moves: the proposals that advance an ensemble, and the red-blue mechanics they share. */
@NullMarked
package io.emcee.core.moves;

import org.jspecify.annotations.NullMarked;
