package io.emcee.it

import java.nio.file.Files
import java.nio.file.Path
import io.emcee.api.LogProbability
import io.emcee.api.PoolException
import io.emcee.api.PoolSettings
import io.emcee.api.Pools
import io.emcee.core.Ensemble
import io.emcee.core.Sampler
import io.emcee.core.moves.DEMove
import io.emcee.core.moves.DESnookerMove
import io.emcee.kotlin.autocorrTime
import io.emcee.kotlin.blob
import io.emcee.kotlin.ensemble
import io.emcee.kotlin.flatCoords
import io.emcee.kotlin.runAsMaster
import io.emcee.kotlin.sampleFlow
import io.emcee.kotlin.sampler
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.util.Random
import kotlin.math.abs
import kotlin.math.sqrt
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/**
 * Runs the Kotlin snippets of the README as written: SAM conversion, `use`, properties, and the
 * emcee-kotlin extensions.
 */
class KotlinSnippetTest {

    /** Runs [block] with standard output captured, returning what it printed. */
    private fun printed(block: () -> Unit): String {
        val printed = ByteArrayOutputStream()
        val stdout = System.out
        System.setOut(PrintStream(printed, true))
        try {
            block()
        } finally {
            System.setOut(stdout)
        }
        return printed.toString()
    }

    /** The README's first Kotlin snippet, as a program's `main`. */
    private fun readmeMain() {
        // ---- README.md, Kotlin, first snippet, verbatim ----
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

    @Test
    fun readmeSnippetRunsAsWritten() {
        val out = printed { readmeMain() }.lines()
        // 8000 kept steps thinned by 10, 100 walkers.
        assertTrue(out[0].startsWith("80000 samples, acceptance "), out[0])
        val acceptance = out[0].substringAfterLast(' ').toDouble()
        // 100 walkers x 10,000 steps of a 10-D Gaussian: emcee's ~0.42, standard error < 0.002.
        assertTrue(acceptance > 0.40 && acceptance < 0.44, "acceptance $acceptance")
        assertTrue(out[1].startsWith("tau = "), out[1])
        val tau = out[1].removePrefix("tau = ").split(", ").map { it.toDouble() }
        assertEquals(10, tau.size)
        // emcee's stretch move on a 10-D Gaussian: tau of the order of 50 to 100 steps.
        assertTrue(tau.all { it > 20 && it < 160 }, tau.joinToString())
    }

    @Test
    fun readmeBlobsAndFlowSnippetRunsAsWritten() {
        val rng = Random(2)
        val start = Array(32) { DoubleArray(3) { rng.nextGaussian() } }
        lateinit var r: DoubleArray
        lateinit var sampler: Sampler
        val out = printed {
            // ---- README.md, Kotlin, blobs and Flow, verbatim ----
            val s = sampler { seed = 7; move(DEMove(), 0.8); move(DESnookerMove(), 0.2) }
            val model = ensemble(start, blobs = listOf("r")) { x, blobs ->
                if (x.any { abs(it) > 2 }) return@ensemble Double.NEGATIVE_INFINITY // r is NaN
                blobs.set("r", sqrt(x.sumOf { it * it }))
                -0.5 * x.sumOf { it * it }
            }
            runBlocking {                             // steps computed off this thread, in order
                s.sampleFlow(model, 2_000).collect { step ->
                    if (step.iteration % 500 == 0) println("step ${step.iteration}")
                }
            }
            val radius: DoubleArray = s.blob("r", discard = 500, thin = 10)
            // ---- end of snippet ----
            r = radius
            sampler = s
        }
        assertEquals(listOf("step 500", "step 1000", "step 1500", "step 2000"), out.lines().dropLast(1))
        val coords = sampler.flatCoords(discard = 500, thin = 10)
        assertEquals(coords.size, r.size)
        coords.forEachIndexed { k, x ->
            if (x.any { abs(it) > 2 }) {
                assertTrue(r[k].isNaN())
            } else {
                assertEquals(sqrt(x.sumOf { it * it }), r[k], 1e-12)
            }
        }
    }

    @Test
    fun aKotlinFunctionValueIsRefusedAtTheStartOfAGridRunWithWhatToWriteInstead() {
        val f: (DoubleArray) -> Double = { x -> -0.5 * x.sumOf { it * it } }
        val settings =
            PoolSettings.empty()
                .with(PoolSettings.POOL, "hazelcast")
                .with(PoolSettings.CLUSTER_PORT, "5873")
        Pools.load(settings).use { pool ->
            // A master alone: nothing would travel yet, and the function is still checked.
            val e =
                assertThrows(PoolException::class.java) {
                    sampler { seed = 1 }.run(ensemble(Array(8) { doubleArrayOf(it * 0.1) }, pool, LogProbability { f(it) }), 5)
                }
            assertEquals("EMCEE-P030", e.code)
            val message = e.message!!
            assertTrue(message.contains("KotlinSnippetTest"), message)
            assertTrue(message.contains("LogProbability { x -> ... }"), message)
            assertTrue(message.contains("a reference to a static or top-level function"), message)
            assertTrue(message.contains("a class implementing LogProbability"), message)
            assertFalse(message.contains("Make that class implement"), message)
            // What the message says to write runs there.
            val ok = sampler { seed = 1 }
            ok.run(ensemble(Array(8) { doubleArrayOf(it * 0.1) }, pool) { x -> -0.5 * x[0] * x[0] }, 5)
            assertEquals(5, ok.iteration)
        }
    }

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

    @Test
    fun theSnippetsRunHereAreTheOnesInTheReadme() {
        val readme = Files.readString(
            listOf(Path.of("README.md"), Path.of("..", "README.md")).first { Files.exists(it) })
        val source = Files.readString(Path.of("src/test/kotlin/io/emcee/it/KotlinSnippetTest.kt"))
        val blocks = Regex("// ---- README\\.md[^\n]*\n(.*?)\n\\s*// ---- end of snippet ----",
            RegexOption.DOT_MATCHES_ALL).findAll(source).map { it.groupValues[1] }.toList()
        assertEquals(2, blocks.size)
        for (block in blocks) {
            for (line in block.lines().map { it.trim() }.filter { it.isNotEmpty() }) {
                assertTrue(readme.lines().any { it.trim() == line }, "README lacks: $line")
            }
        }
    }
}
