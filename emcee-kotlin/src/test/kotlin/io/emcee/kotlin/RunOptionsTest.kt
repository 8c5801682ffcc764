package io.emcee.kotlin

import io.emcee.core.Step
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** emcee's per-call arguments by name, and runs without a step count, from Kotlin. */
class RunOptionsTest {

    private fun start() = normalStart(10, 2)

    @Test
    fun aBurnInByNameStoresNothingAndTheProductionRunStoresItsThinnedSteps() {
        val s = sampler { seed = 3 }
        val burned = s.run(ensemble(start()) { x -> gaussian(x) }, 50, store = false)
        assertEquals(0, s.iteration)
        s.run(burned, 20, thinBy = 5)
        assertEquals(20, s.iteration)
        assertEquals(5, s.chain.segments.single().thinBy)

        val java = sampler { seed = 3 }
        java.run(ensemble(start()) { x -> gaussian(x) }, 50, java.runOptions(store = false))
        java.run(java.lastSample, 20, java.runOptions(thinBy = 5))
        assertArrayEquals(java.flatLogProbability(), s.flatLogProbability(), 0.0)
    }

    @Test
    fun theSettingsBlockSetsTheDefaultsOfEveryRun() {
        val s = sampler { seed = 4; store = false; tune = true; thinBy = 2 }
        assertFalse(s.runOptions.store())
        assertTrue(s.runOptions.tune())
        s.run(ensemble(start()) { x -> gaussian(x) }, 5)
        assertEquals(0, s.iteration)
        assertEquals(2, s.runOptions(store = true).thinBy())
    }

    @Test
    fun aSequenceOrFlowWithoutAStepCountGoesOnUntilTheCallerStops() = runBlocking {
        val s = sampler { seed = 5 }
        val taken = s.sampleSequence(ensemble(start()) { x -> gaussian(x) }).take(17).toList()
        assertEquals((1..17).toList(), taken.map(Step::getIteration))
        assertEquals(17, s.iteration)

        val f = sampler { seed = 5 }
        val flowed = f.sampleFlow(ensemble(start()) { x -> gaussian(x) }).take(17).toList()
        assertEquals(17, f.iteration)
        assertArrayEquals(s.flatLogProbability(), f.flatLogProbability(), 0.0)
        assertEquals(17, flowed.size)

        val unstored = sampler { seed = 5 }
        unstored
            .sampleSequence(ensemble(start()) { x -> gaussian(x) }, options = unstored.runOptions(store = false))
            .take(9)
            .forEach { assertEquals(0, it.iteration) }
        assertEquals(0, unstored.iteration)
    }
}
