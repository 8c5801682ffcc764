package io.emcee.kotlin

import io.emcee.api.LogProbability
import io.emcee.api.Pools
import io.emcee.core.Ensemble
import io.emcee.core.Sampler
import io.emcee.core.moves.DEMove
import io.emcee.core.moves.DESnookerMove
import io.emcee.core.moves.StretchMove
import io.emcee.core.storage.ChainBackend
import java.io.ByteArrayOutputStream
import java.io.ObjectOutputStream
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The sampler block and the trailing-lambda ensembles build what the Java builders build. */
class BuildingTest {

    private fun serializedSize(o: Any): Int {
        val bytes = ByteArrayOutputStream()
        ObjectOutputStream(bytes).use { it.writeObject(o) }
        return bytes.size()
    }

    @Test
    fun theSamplerBlockGivesTheBuildersChain() {
        val chain = ChainBackend.inMemory()
        val fromBlock = sampler {
            seed = 42
            move(DEMove(), 0.8)
            move(DESnookerMove(), 0.2)
            backend = chain
            thinBy = 2
            parameterNames = listOf("a", "b", "c")
            fingerprint = "toy"
        }
        val fromBuilder =
            Sampler.builder()
                .seed(42)
                .move(DEMove(), 0.8)
                .move(DESnookerMove(), 0.2)
                .thinBy(2)
                .parameterNames("a", "b", "c")
                .fingerprint("toy")
                .build()
        fromBlock.run(ensemble(normalStart(12, 3)) { x -> gaussian(x) }, 100)
        fromBuilder.run(Ensemble({ x -> gaussian(x) }, normalStart(12, 3)), 100)
        assertSame(chain, fromBlock.backend)
        assertEquals(42L, fromBlock.seed)
        assertEquals(listOf("a", "b", "c"), fromBlock.parameterNames)
        assertEquals(fromBuilder.moves.map { it.describe() }, fromBlock.moves.map { it.describe() })
        val a = fromBlock.flatCoords()
        val b = fromBuilder.flatCoords()
        a.indices.forEach { assertArrayEquals(b[it], a[it], 0.0) }
        assertEquals(100, chain.iteration)
    }

    @Test
    fun anEmptyBlockIsTheDefaultSamplerAndBadSettingsFailAsInJava() {
        val s = sampler()
        assertEquals(listOf(StretchMove().describe()), s.moves.map { it.describe() })
        assertEquals(
            "EMCEE-M003",
            assertThrows(io.emcee.api.EmceeException::class.java) {
                    sampler { move(DEMove(), 0.0) }
                }
                .code,
        )
        assertEquals(
            "EMCEE-I008",
            assertThrows(io.emcee.api.EmceeException::class.java) { sampler { thinBy = 0 } }.code,
        )
    }

    @Test
    fun theLogProbabilityIsTheTrailingLambdaAndCanTravel() {
        Pools.serial().use { pool ->
            val e = ensemble(normalStart(8, 2), pool) { x -> gaussian(x) }
            assertSame(pool, e.pool)
            assertEquals(8, e.walkerCount)
            assertArrayEquals(
                normalStart(8, 2).map { gaussian(it) }.toDoubleArray(), e.logProbability, 0.0)
            assertTrue(serializedSize(e.function) > 0)
        }
        val withBlobs =
            ensemble(normalStart(8, 2), blobs = listOf("x1")) { x, b ->
                b.set("x1", x[1])
                gaussian(x)
            }
        assertEquals("serial", withBlobs.pool.name)
        assertArrayEquals(normalStart(8, 2).map { it[1] }.toDoubleArray(), withBlobs.blob("x1"), 0.0)
        assertTrue(serializedSize(withBlobs.function) > 0)
        // A function reference to a top-level function travels too.
        assertTrue(serializedSize(ensemble(normalStart(8, 2), logProbability = ::gaussian).function) > 0)
        assertTrue(serializedSize(LogProbability(::gaussian)) > 0)
    }
}
