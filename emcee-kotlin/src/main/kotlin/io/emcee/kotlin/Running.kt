/*
 * Running a sampler step by step as a Sequence or a Flow, and a program's master/worker split.
 */
@file:JvmName("Running")

package io.emcee.kotlin

import io.emcee.api.Pool
import io.emcee.api.RunInterruptedException
import io.emcee.core.Ensemble
import io.emcee.core.RunOptions
import io.emcee.core.Sampler
import io.emcee.core.Step
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runInterruptible

/**
 * This sampler's run options ([Sampler.getRunOptions], as its builder set them) with the named
 * ones changed: `sampler.runOptions(store = false)`.
 */
public fun Sampler.runOptions(
    thinBy: Int = runOptions.thinBy(),
    store: Boolean = runOptions.store(),
    skipInitialStateCheck: Boolean = runOptions.skipInitialStateCheck(),
    tune: Boolean = runOptions.tune(),
): RunOptions = RunOptions(thinBy, store, skipInitialStateCheck, tune)

/**
 * Runs [steps] steps from [initial] with emcee's per-call arguments by name, each left at this
 * sampler's default when not given: `sampler.run(start, 1_000, store = false)` is a burn-in that
 * leaves the chain empty, as emcee's `run_mcmc(p0, 1000, store=False)`.
 */
public fun Sampler.run(
    initial: Ensemble,
    steps: Int,
    thinBy: Int = runOptions.thinBy(),
    store: Boolean = runOptions.store(),
    skipInitialStateCheck: Boolean = runOptions.skipInitialStateCheck(),
    tune: Boolean = runOptions.tune(),
): Ensemble = run(initial, steps, RunOptions(thinBy, store, skipInitialStateCheck, tune))

/**
 * The run of [steps] steps from [initial] as a lazy, single-use sequence: iterating it performs
 * each step when it is requested, stores it (unless [options] say not to) and yields it, so
 * `takeWhile`, `first` or `break` end the run early with every yielded step stored. Without
 * [steps] the sequence never ends (emcee's `iterations=None`): `take(n)` or `break` end it. The
 * run starts (checks and the initial evaluation) when the sequence is first iterated.
 */
public fun Sampler.sampleSequence(
    initial: Ensemble,
    steps: Int? = null,
    options: RunOptions = runOptions,
): Sequence<Step> =
    Sequence { start(initial, steps, options).iterator() }.constrainOnce()

private fun Sampler.start(initial: Ensemble, steps: Int?, options: RunOptions): Iterable<Step> =
    if (steps == null) sample(initial, options) else sample(initial, steps, options)

/**
 * The run of [steps] steps from [initial] as a cold flow: each collection starts a run, and each
 * step is performed when the collector asks for it, so the chain never runs ahead of what was
 * collected. Without [steps] the flow never ends: `take(n)` or cancelling ends it. [options] are
 * this run's ([Sampler.runOptions] by name), the sampler's defaults unless given.
 *
 * The steps are computed in [context], [Dispatchers.Default] unless given, and emitted in the
 * collector's context: a collector on a UI thread stays responsive while the pool evaluates, as
 * kotlinx.coroutines expects of a flow that blocks. Pass `EmptyCoroutineContext` to compute on the
 * collector's own thread.
 *
 * The flow is cancellable: cancelling the collector interrupts the step in progress, the sampler
 * rolls back to the last completed step (every emitted step is stored), and it can continue with
 * `sampler.run(sampler.lastSample, remaining)`. `take(n)` stops after exactly `n` steps.
 */
public fun Sampler.sampleFlow(
    initial: Ensemble,
    steps: Int? = null,
    context: CoroutineContext = Dispatchers.Default,
    options: RunOptions = runOptions,
): Flow<Step> = flow {
    val run = interruptible(context) { start(initial, steps, options).iterator() }
    while (run.hasNext()) {
        emit(interruptible(context) { run.next() })
    }
}

/** Runs blocking sampler work in [context], turning an interrupt by cancellation into cancellation. */
private suspend fun <T> interruptible(context: CoroutineContext, block: () -> T): T =
    try {
        runInterruptible(context, block)
    } catch (e: RunInterruptedException) {
        currentCoroutineContext().ensureActive() // cancelled: end as a cancellation, not a failure
        throw e
    }

/**
 * Runs [block] where this process is the master, and serves the master where it is a worker (a
 * grid member started as one, or an MPI rank other than 0), closing the pool in both cases:
 * ```
 * val tau = Pools.load().runAsMaster { pool -> ... sampler.autocorrTime() } ?: return // a worker
 * ```
 *
 * @return the block's result on the master; null on a worker, once the master has released it
 */
public inline fun <R> Pool.runAsMaster(block: (Pool) -> R): R? = use { pool ->
    if (pool.isMaster) {
        block(pool)
    } else {
        pool.waitForTasks()
        null
    }
}
