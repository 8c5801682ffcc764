package io.emcee.kotlin

import io.emcee.api.Pool
import io.emcee.api.Pools
import io.emcee.api.RowFunction
import io.emcee.core.Step
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Steps as a Sequence and as a Flow; the master/worker split of a program. */
class RunningTest {

    private fun start() = normalStart(10, 2)

    @Test
    fun theSequenceIsLazyAndStopsWhereTheLoopStops() {
        val s = sampler { seed = 9 }
        val steps = s.sampleSequence(ensemble(start()) { x -> gaussian(x) }, 100)
        assertEquals(0, s.iteration, "nothing runs before the sequence is iterated")
        val taken = steps.takeWhile { it.iteration <= 30 }.map { it.iteration }.toList()
        assertEquals((1..30).toList(), taken)
        assertEquals(31, s.iteration, "takeWhile looks at one step past the last it keeps")
        assertThrows(IllegalStateException::class.java) { steps.toList() }
        // The same chain as a run of the same seed.
        val full = sampler { seed = 9 }
        val all = full.sampleSequence(ensemble(start()) { x -> gaussian(x) }, 31).toList()
        assertEquals(31, all.size)
        assertArrayEquals(s.lastSample.coords.flatMap { it.asList() }.toDoubleArray(),
            all.last().coords.flatMap { it.asList() }.toDoubleArray(), 0.0)
    }

    @Test
    fun theFlowRunsNoStepBeyondWhatIsCollected() = runBlocking {
        val s = sampler { seed = 9 }
        val steps = s.sampleFlow(ensemble(start()) { x -> gaussian(x) }, 100).take(12).toList()
        assertEquals((1..12).toList(), steps.map(Step::getIteration))
        assertEquals(12, s.iteration)
        // The same chain as a run of the same seed.
        val reference = sampler { seed = 9 }
        reference.run(ensemble(start()) { x -> gaussian(x) }, 12)
        assertArrayEquals(reference.flatLogProbability(), s.flatLogProbability(), 0.0)
    }

    @Test
    fun theFlowComputesOffTheCollectorsThreadAndEmitsOnIt() = runBlocking {
        val evaluatedOn = Collections.synchronizedSet(HashSet<String>())
        val collectedOn = HashSet<String>()
        val lp = ensemble(start()) { x ->
            evaluatedOn += Thread.currentThread().name
            gaussian(x)
        }
        sampler { seed = 1 }.sampleFlow(lp, 5).collect { collectedOn += Thread.currentThread().name }
        val collector = Thread.currentThread().name
        assertEquals(setOf(collector), collectedOn)
        assertFalse(evaluatedOn.contains(collector), "evaluated on $evaluatedOn")
        // With the collector's context, everything happens on the collector's thread.
        evaluatedOn.clear()
        sampler { seed = 1 }.sampleFlow(lp, 5, EmptyCoroutineContext).collect {}
        assertEquals(setOf(collector), evaluatedOn)
    }

    @Test
    fun cancellingTheCollectorInterruptsTheStepAndKeepsTheCompletedOnes() = runBlocking {
        val s = sampler { seed = 4 }
        val slow = AtomicBoolean(false)
        val blocked = CountDownLatch(1)
        val e = ensemble(start()) { x ->
            if (slow.get()) {
                blocked.countDown()
                Thread.sleep(60_000) // interrupted by the cancellation
            }
            gaussian(x)
        }
        val third = CompletableDeferred<Unit>()
        val job = launch(Dispatchers.Default) {
            s.sampleFlow(e, 1000).collect {
                if (it.iteration == 3) {
                    slow.set(true)
                    third.complete(Unit)
                }
            }
        }
        withTimeout(30_000) { third.await() }
        assertTrue(blocked.await(30, TimeUnit.SECONDS))
        withTimeout(30_000) { job.cancelAndJoin() }
        assertTrue(job.isCancelled)
        assertEquals(3, s.iteration, "the interrupted step is rolled back")
        slow.set(false)
        s.run(s.lastSample, 2) // and the sampler goes on
        assertEquals(5, s.iteration)
    }

    @Test
    fun aFailureInTheRunReachesTheCollector() {
        val s = sampler { seed = 4 }
        val e = ensemble(start()) { x -> if (x[0] > 3) throw ArithmeticException("boom") else gaussian(x) }
        val error =
            assertThrows(io.emcee.core.model.LogProbabilityException::class.java) {
                runBlocking { s.sampleFlow(e, 5_000).collect {} }
            }
        assertEquals("EMCEE-E001", error.code)
    }

    @Test
    fun runAsMasterRunsTheBlockOnTheMasterAndClosesThePool() {
        val pool = FakePool(master = true)
        val result = pool.runAsMaster { p ->
            sampler { seed = 2 }.run(ensemble(start(), p) { x -> gaussian(x) }, 10).walkerCount
        }
        assertEquals(10, result)
        assertTrue(pool.mapped > 0)
        assertFalse(pool.served)
        assertTrue(pool.closed)
        // The pool is closed when the block throws, too.
        val failing = FakePool(master = true)
        assertThrows(IllegalStateException::class.java) { failing.runAsMaster { error("no") } }
        assertTrue(failing.closed)
    }

    @Test
    fun runAsMasterServesAsAWorkerAndReturnsNull() {
        val worker = FakePool(master = false)
        var ran = false
        val result: Int? = worker.runAsMaster {
            ran = true
            1
        }
        assertNull(result)
        assertFalse(ran)
        assertTrue(worker.served)
        assertTrue(worker.closed)
    }

    /** A pool that records its use; as a worker, serving returns at once, as when released. */
    private class FakePool(private val master: Boolean) : Pool {
        private val serial = Pools.serial()
        var mapped = 0
        var served = false
        var closed = false

        override fun map(
            function: RowFunction,
            inputs: DoubleArray,
            inputWidth: Int,
            count: Int,
            outputs: DoubleArray,
            outputWidth: Int,
        ) {
            check(master && !closed)
            mapped++
            serial.map(function, inputs, inputWidth, count, outputs, outputWidth)
        }

        override fun isMaster() = master

        override fun waitForTasks() {
            served = true
        }

        override fun getName() = "fake"

        override fun close() {
            closed = true
        }
    }
}
