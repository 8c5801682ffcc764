/*
 * The red-blue moves with emcee's keyword arguments and defaults, so that only what differs is
 * written: `deMove(sigma = 1e-4)`, `stretchMove(a = 3.0, nsplits = 4)`.
 */
@file:JvmName("Moves")

package io.emcee.kotlin

import io.emcee.core.moves.DEMove
import io.emcee.core.moves.DESnookerMove
import io.emcee.core.moves.RedBlueOptions
import io.emcee.core.moves.StretchMove
import io.emcee.core.moves.WalkMove

/** emcee's `StretchMove(a=2.0, nsplits=2, randomize_split=True, live_dangerously=False)`. */
public fun stretchMove(
    a: Double = 2.0,
    nsplits: Int = 2,
    randomizeSplit: Boolean = true,
    liveDangerously: Boolean = false,
): StretchMove = StretchMove(a, RedBlueOptions(nsplits, randomizeSplit, liveDangerously))

/**
 * emcee's `WalkMove(s=None, ...)`: [s] helper walkers, or null for the whole complementary
 * ensemble.
 */
public fun walkMove(
    s: Int? = null,
    nsplits: Int = 2,
    randomizeSplit: Boolean = true,
    liveDangerously: Boolean = false,
): WalkMove = WalkMove(s ?: 0, RedBlueOptions(nsplits, randomizeSplit, liveDangerously))

/**
 * emcee's `DEMove(sigma=1e-5, gamma0=None, ...)`: [gamma0] null for emcee's `2.38 / sqrt(2 ndim)`.
 */
public fun deMove(
    sigma: Double = 1e-5,
    gamma0: Double? = null,
    nsplits: Int = 2,
    randomizeSplit: Boolean = true,
    liveDangerously: Boolean = false,
): DEMove = DEMove(sigma, gamma0, RedBlueOptions(nsplits, randomizeSplit, liveDangerously))

/** emcee's `DESnookerMove(gammas=1.7, nsplits=4, ...)`. */
public fun deSnookerMove(
    gammas: Double = 1.7,
    nsplits: Int = 4,
    randomizeSplit: Boolean = true,
    liveDangerously: Boolean = false,
): DESnookerMove = DESnookerMove(gammas, RedBlueOptions(nsplits, randomizeSplit, liveDangerously))
