/*
 * Building samplers and ensembles the Kotlin way: a builder block, named settings, the
 * log-probability as a trailing lambda.
 */
@file:JvmName("Building")

package io.emcee.kotlin

import io.emcee.api.LogProbability
import io.emcee.api.Pool
import io.emcee.api.Pools
import io.emcee.api.Stability
import io.emcee.core.Ensemble
import io.emcee.core.Sampler
import io.emcee.api.EmceeException
import io.emcee.core.model.BlobLogProbability
import io.emcee.core.model.NamedLogProbability
import io.emcee.core.model.ParameterNames
import io.emcee.core.moves.Move
import io.emcee.core.storage.ChainBackend

/** Marks the receivers of the builder blocks of this package, so inner blocks see only their own. */
@DslMarker
@Stability(Stability.Level.EXPERIMENTAL)
public annotation class EmceeDsl

/**
 * The settings of a [sampler] block: each property is optional and left at the sampler's default
 * when not set; moves are added with [move].
 *
 * ```
 * val s = sampler { seed = 42; move(DEMove(), 0.8); move(DESnookerMove(), 0.2); backend = chain }
 * ```
 */
@EmceeDsl
@Stability(Stability.Level.EXPERIMENTAL)
public class SamplerSettings internal constructor() {
    private val builder: Sampler.Builder = Sampler.builder()

    /** Fixes the random stream: the same seed gives the same chain on every pool; random if null. */
    public var seed: Long? = null

    /** Where the chain is stored; in memory if null. */
    public var backend: ChainBackend? = null

    /** Store every `thinBy`-th step (emcee's `thin_by`). */
    public var thinBy: Int = 1

    /** Skip the check that the initial walkers are linearly independent. */
    public var skipInitialStateCheck: Boolean = false

    /** Store the steps of runs given no options (emcee's `store`); false only advances. */
    public var store: Boolean = true

    /** Let moves tune themselves in runs given no options (emcee's `tune`). */
    public var tune: Boolean = false

    /** One name per parameter, for summaries and error messages; none if empty. */
    public var parameterNames: List<String> = emptyList()

    /** A fingerprint of the problem stored with the chain; a resume refuses another. */
    public var fingerprint: String? = null

    /** Continue a stored chain even when its moves or fingerprint differ. */
    public var allowResumeMismatch: Boolean = false

    /**
     * Adds [move], drawn at each step with probability proportional to [weight]; with no move the
     * sampler uses `StretchMove()`.
     */
    public fun move(move: Move, weight: Double = 1.0) {
        builder.move(move, weight)
    }

    internal fun build(): Sampler {
        seed?.let { builder.seed(it) }
        backend?.let { builder.backend(it) }
        fingerprint?.let { builder.fingerprint(it) }
        if (parameterNames.isNotEmpty()) builder.parameterNames(*parameterNames.toTypedArray())
        return builder
            .thinBy(thinBy)
            .skipInitialStateCheck(skipInitialStateCheck)
            .store(store)
            .tune(tune)
            .allowResumeMismatch(allowResumeMismatch)
            .build()
    }
}

/**
 * A [Sampler] configured by [settings]: `sampler { seed = 42; move(DEMove(), 0.8) }`; `sampler()`
 * is the default sampler.
 */
public fun sampler(settings: SamplerSettings.() -> Unit = {}): Sampler =
    SamplerSettings().apply(settings).build()

/**
 * Walkers starting at [start] (`[walker][dim]`, copied) whose log-probability, the trailing
 * lambda, is evaluated by [pool]: `ensemble(start, pool) { x -> -0.5 * x.sumOf { it * it } }`.
 *
 * The lambda is converted to [LogProbability], which is `Serializable`, so distributed pools can
 * send it to their workers as long as what it captures is serializable too.
 */
public fun ensemble(
    start: Array<DoubleArray>,
    pool: Pool = Pools.serial(),
    logProbability: LogProbability,
): Ensemble = Ensemble(logProbability, start, pool)

/**
 * Walkers whose log-probability also sets the named [blobs] on every call that returns a finite
 * value: `ensemble(start, pool, blobs = listOf("r")) { x, b -> b.set("r", x[0]); lp(x) }`.
 */
public fun ensemble(
    start: Array<DoubleArray>,
    pool: Pool = Pools.serial(),
    blobs: List<String>,
    logProbability: BlobLogProbability,
): Ensemble = Ensemble.withBlobs(logProbability, blobs, start, pool)

/**
 * Walkers whose log-probability, the trailing lambda, reads the point by the parameter [names]
 * (emcee's `parameter_names`): `ensemble(start, names = parameterNames("mu" to listOf(0, 1),
 * "sigma" to 2)) { p -> lp(p.vector("mu"), p["sigma"]) }`. One view per evaluating thread: a call
 * allocates nothing.
 */
public fun ensemble(
    start: Array<DoubleArray>,
    pool: Pool = Pools.serial(),
    names: ParameterNames,
    logProbability: NamedLogProbability,
): Ensemble = Ensemble(names.logProbability(logProbability), start, pool)

/**
 * emcee's dict form of `parameter_names`, as pairs: an `Int` names one dimension, a `List<Int>` or
 * an `IntArray` a vector of them, in order: `parameterNames("mu" to listOf(0, 1), "sigma" to 2)`.
 *
 * @throws EmceeException (EMCEE-I060) for another kind of value, or names emcee would refuse
 */
public fun parameterNames(vararg groups: Pair<String, Any>): ParameterNames {
    val builder = ParameterNames.builder()
    for ((name, value) in groups) {
        when (value) {
            is Int -> builder.scalar(name, value)
            is IntArray -> builder.vector(name, *value)
            is List<*> ->
                builder.vector(
                    name,
                    *value.map { it as? Int ?: notAnIndex(name, it) }.toIntArray(),
                )
            else -> notAnIndex(name, value)
        }
    }
    return builder.build()
}

private fun notAnIndex(name: String, value: Any?): Nothing =
    throw EmceeException(
        "EMCEE-I060",
        "the parameter \"$name\" is given as $value; give an Int for one dimension, or a List<Int>" +
            " or IntArray for a vector",
    )

