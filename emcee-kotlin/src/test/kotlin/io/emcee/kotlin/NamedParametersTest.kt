package io.emcee.kotlin

import io.emcee.api.EmceeException
import io.emcee.core.Ensemble
import io.emcee.core.model.ParameterNames
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Parameters by name from Kotlin: emcee's dict as pairs, `p["sigma"]`, destructured vectors. */
class NamedParametersTest {

    @Test
    fun theDictFormAsPairsBuildsWhatTheBuilderBuilds() {
        val names = parameterNames("mu" to listOf(0, 1), "sigma" to 2, "w" to intArrayOf(4, 3))
        val built =
            ParameterNames.builder()
                .vector("mu", 0, 1)
                .scalar("sigma", 2)
                .vector("w", 4, 3)
                .build()
        assertEquals(built, names)
        assertEquals(listOf("mu[0]", "mu[1]", "sigma", "w[1]", "w[0]"), names.labels)
    }

    @Test
    fun aValueThatIsNoIndexIsRefused() {
        val e = assertThrows(EmceeException::class.java) { parameterNames("mu" to "0") }
        assertEquals("EMCEE-I060", e.code)
        assertTrue(e.message!!.contains("\"mu\" is given as 0"), e.message)
    }

    @Test
    fun aNamedEnsembleMakesThePositionalChain() {
        val names = parameterNames("mu" to listOf(0, 1), "sigma" to 2)
        val named = sampler { seed = 5 }
        named.run(
            ensemble(normalStart(12, 3), names = names) { p ->
                val (m0, m1) = p.vector("mu")
                -0.5 * (m0 * m0 + m1 * m1 + p["sigma"] * p["sigma"])
            },
            30,
        )
        val positional = sampler { seed = 5 }
        positional.run(Ensemble({ x -> -0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]) }, normalStart(12, 3)), 30)
        val a = named.flatCoords()
        val b = positional.flatCoords()
        assertEquals(b.size, a.size)
        a.indices.forEach { assertArrayEquals(b[it], a[it], 0.0) }
        assertEquals(1.5, names.view(doubleArrayOf(0.0, 1.5, 2.0))["mu", 1])
    }
}
