package io.emcee.it

import io.emcee.api.Pools
import io.emcee.core.Ensemble
import io.emcee.core.Sampler
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.util.Random
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Runs the Kotlin snippet of the user guide as written: SAM conversion, `use`, properties. */
class KotlinSnippetTest {

    @Test
    fun snippetRunsAsWritten() {
        val random = Random(20261124)
        val start = Array(100) { DoubleArray(10) { random.nextGaussian() } }
        val printed = ByteArrayOutputStream()
        val stdout = System.out
        System.setOut(PrintStream(printed, true))
        try {
            // ---- the Kotlin snippet, verbatim ----
            Pools.load().use { pool ->
                val ensemble = Ensemble({ x -> -0.5 * x.sumOf { it * it } }, start, pool)
                val sampler = Sampler()
                sampler.run(ensemble, 1000)
                println(sampler.acceptanceFraction.average())
            }
            // ---- end of snippet ----
        } finally {
            System.setOut(stdout)
        }
        val acceptance = printed.toString().trim().toDouble()
        // 100 walkers x 1000 steps of a 10-D Gaussian: emcee's ~0.42, standard error < 0.004.
        assertTrue(acceptance > 0.39 && acceptance < 0.45, "acceptance $acceptance")
    }

    @Test
    fun kotlinLambdaIsSerializableLikeJava() {
        val ensemble = Ensemble({ x -> -0.5 * x.sumOf { it * it } }, arrayOf(doubleArrayOf(0.0)))
        val bytes = ByteArrayOutputStream()
        java.io.ObjectOutputStream(bytes).use { it.writeObject(ensemble.function) }
        assertTrue(bytes.size() > 0)
        assertEquals("serial", ensemble.pool.name)
    }
}
