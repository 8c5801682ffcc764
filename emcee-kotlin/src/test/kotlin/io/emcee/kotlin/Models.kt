package io.emcee.kotlin

import java.util.Random

/** A standard normal log-density: a top-level function, so `::gaussian` is a function reference. */
fun gaussian(x: DoubleArray): Double = -0.5 * x.sumOf { it * it }

/** `walkers` starting points drawn from N(0, 1) with a fixed seed. */
fun normalStart(walkers: Int, ndim: Int, seed: Long = 20261206): Array<DoubleArray> {
    val random = Random(seed)
    return Array(walkers) { DoubleArray(ndim) { random.nextGaussian() } }
}
