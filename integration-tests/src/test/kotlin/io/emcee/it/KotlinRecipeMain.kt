package io.emcee.it

import io.emcee.api.Pools
import io.emcee.kotlin.autocorrTime
import io.emcee.kotlin.ensemble
import io.emcee.kotlin.flatCoords
import io.emcee.kotlin.runAsMaster
import io.emcee.kotlin.sampler
import java.util.Random

/**
 * The README's first Kotlin snippet as a program's `main`, the way a user runs it as a master, a
 * grid worker or an MPI rank; `ReadmeRecipeTest` runs it and checks that the lines between the
 * markers are the README's, in order.
 */
fun main() {
    // ---- README.md, Kotlin, first snippet ----
    val rng = Random(1)
    val start = Array(100) { DoubleArray(10) { rng.nextGaussian() } }
    val tau = Pools.load().runAsMaster { pool ->          // grid and MPI workers serve here
        val sampler = sampler { seed = 42 }                 // default move: StretchMove(a = 2)
        sampler.run(ensemble(start, pool) { x -> -0.5 * x.sumOf { it * it } }, 10_000)
        val flat = sampler.flatCoords(discard = 2_000, thin = 10)
        println("${flat.size} samples, acceptance ${sampler.acceptanceFraction.average()}")
        sampler.autocorrTime(discard = 2_000)
    } ?: return                                             // this process was a worker
    println("tau = ${tau.joinToString()}")
    // ---- end of snippet ----
}
