package io.emcee.kotlin

import io.emcee.api.EmceeException
import io.emcee.core.Ensemble
import io.emcee.core.Sampler
import io.emcee.core.diagnostics.AutocorrException
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Every reader with named and default arguments reads what the Java getter reads. */
class ReadingTest {
    private val sampler: Sampler =
        Sampler.builder().seed(5).build().also {
            it.run(
                Ensemble.withBlobs(
                    { x, blobs ->
                        blobs.set("r2", x.sumOf { v -> v * v })
                        blobs.set("x0", x[0])
                        gaussian(x)
                    },
                    listOf("r2", "x0"),
                    normalStart(16, 3),
                ),
                400,
            )
        }

    private fun assertSame(expected: Array<DoubleArray>, actual: Array<DoubleArray>) {
        assertEquals(expected.size, actual.size)
        expected.indices.forEach { assertArrayEquals(expected[it], actual[it], 0.0) }
    }

    private fun assertSame3(expected: Array<Array<DoubleArray>>, actual: Array<Array<DoubleArray>>) {
        assertEquals(expected.size, actual.size)
        expected.indices.forEach { assertSame(expected[it], actual[it]) }
    }

    @Test
    fun namedArgumentsReadTheSameAsTheGetters() {
        assertSame(sampler.getFlatCoords(100, 15), sampler.flatCoords(discard = 100, thin = 15))
        assertSame(sampler.getFlatCoords(0, 1), sampler.flatCoords())
        assertSame(sampler.getFlatCoords(0, 3), sampler.flatCoords(thin = 3))
        assertSame3(sampler.getCoords(50, 2), sampler.coords(discard = 50, thin = 2))
        assertSame(sampler.getLogProbability(7, 3), sampler.logProbability(thin = 3, discard = 7))
        assertArrayEquals(
            sampler.getFlatLogProbability(10, 1), sampler.flatLogProbability(discard = 10), 0.0)
        assertSame3(sampler.getBlobs(0, 4), sampler.blobs(thin = 4))
        assertSame(sampler.getFlatBlobs(20, 2), sampler.flatBlobs(20, 2))
        assertEquals(
            sampler.getSummary(100, 1).toString(), sampler.summary(discard = 100).toString())
        val chain = sampler.chain
        assertSame(sampler.getFlatCoords(1, 2), chain.flatCoords(1, 2))
        assertSame3(sampler.getCoords(0, 1), chain.coords())
        assertSame(sampler.getLogProbability(0, 1), chain.logProbability())
        assertArrayEquals(sampler.getFlatLogProbability(0, 1), chain.flatLogProbability(), 0.0)
        assertSame3(sampler.getBlobs(0, 1), chain.blobs())
        assertSame(sampler.getFlatBlobs(0, 1), chain.flatBlobs())
        assertEquals(sampler.getSummary(0, 1).toString(), chain.summary().toString())
    }

    @Test
    fun autocorrTimeHasEmceesDefaults() {
        assertArrayEquals(
            sampler.getIntegratedAutocorrTime(0, 1, true), sampler.autocorrTime(quiet = true), 0.0)
        assertArrayEquals(
            sampler.getIntegratedAutocorrTime(40, 2, 5.0, 5.0, false),
            sampler.chain.autocorrTime(discard = 40, thin = 2, tol = 5.0),
            0.0,
        )
        assertFalse(
            sampler.autocorrTime(c = 1.0, quiet = true).contentEquals(sampler.autocorrTime(quiet = true)))
        // 400 steps are not 50 tau of anything: loud by default, as emcee.
        assertThrows(AutocorrException::class.java) { sampler.autocorrTime(tol = 1e6) }
    }

    @Test
    fun blobsAreReadByName() {
        val r2 = sampler.blob("r2", discard = 100, thin = 10)
        val x0 = sampler.blob("x0", 100, 10)
        val flat = sampler.flatCoords(discard = 100, thin = 10)
        assertEquals(flat.size, r2.size)
        flat.forEachIndexed { k, x ->
            assertEquals(x.sumOf { it * it }, r2[k], 0.0)
            assertEquals(x[0], x0[k], 0.0)
        }
        assertArrayEquals(sampler.chain.blob("x0"), sampler.blob("x0"), 0.0)
        val last = sampler.lastSample
        assertArrayEquals(DoubleArray(16) { last.coords[it][0] }, last.blob("x0"), 0.0)
        val e = assertThrows(EmceeException::class.java) { sampler.blob("r") }
        assertEquals("EMCEE-I040", e.code)
        assertTrue(e.message!!.contains("[r2, x0]"), e.message)
        assertEquals("EMCEE-I040", assertThrows(EmceeException::class.java) { last.blob("r") }.code)
    }

    @Test
    fun minusInfinityBeforeTheBlobsReadsAsNaN() {
        // emcee's pattern, ported as written: return -inf before computing the blobs.
        val s = sampler { seed = 3 }
        s.run(
            ensemble(normalStart(16, 2), blobs = listOf("r")) { x, blobs ->
                if (x[0] > 1.0) return@ensemble Double.NEGATIVE_INFINITY
                blobs.set("r", Math.hypot(x[0], x[1]))
                gaussian(x)
            },
            200,
        )
        val r = s.blob("r")
        val coords = s.flatCoords()
        var outside = 0
        coords.forEachIndexed { k, x ->
            if (x[0] > 1.0) {
                assertTrue(r[k].isNaN())
                outside++
            } else {
                assertEquals(Math.hypot(x[0], x[1]), r[k], 0.0)
            }
        }
        assertTrue(outside > 0, "some walkers started outside")
    }
}
