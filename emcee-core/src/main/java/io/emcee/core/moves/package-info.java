/**
 * Moves: the proposals that advance an ensemble, and the red-blue mechanics they share. A move of
 * your own implements {@link io.emcee.core.moves.Move} against the narrow {@link
 * io.emcee.core.moves.MoveContext} (read the state, draw from the stream, evaluate, accept), or
 * extends {@link io.emcee.core.moves.RedBlueMove} (which offers the serial path's in-place rows
 * through its protected hooks) or {@link io.emcee.core.moves.MHMove}; its {@code describe()} is
 * what a stored chain records.
 */
@NullMarked
package io.emcee.core.moves;

import org.jspecify.annotations.NullMarked;
