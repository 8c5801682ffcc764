/*
 * Readers of a chain with named and default arguments: `sampler.flatCoords(discard = 100, thin = 15)`.
 * Each reads the sampler's chain view; the defaults read every stored step.
 */
@file:JvmName("Reading")

package io.emcee.kotlin

import io.emcee.api.EmceeException
import io.emcee.core.Chain
import io.emcee.core.ChainSummary
import io.emcee.core.Ensemble
import io.emcee.core.Sampler
import io.emcee.core.Step
import io.emcee.core.diagnostics.Autocorrelation

/** Stored coordinates, `[step][walker][dim]`, as emcee's `get_chain(discard=, thin=)`. */
public fun Chain.coords(discard: Int = 0, thin: Int = 1): Array<Array<DoubleArray>> =
    getCoords(discard, thin)

/** Stored coordinates flattened over walkers, `[sample][dim]` (emcee's `flat=True`). */
public fun Chain.flatCoords(discard: Int = 0, thin: Int = 1): Array<DoubleArray> =
    getFlatCoords(discard, thin)

/** Stored log-probabilities, `[step][walker]`, as emcee's `get_log_prob(discard=, thin=)`. */
public fun Chain.logProbability(discard: Int = 0, thin: Int = 1): Array<DoubleArray> =
    getLogProbability(discard, thin)

/** Stored log-probabilities flattened over walkers, in the order of [flatCoords]. */
public fun Chain.flatLogProbability(discard: Int = 0, thin: Int = 1): DoubleArray =
    getFlatLogProbability(discard, thin)

/** Stored blobs, `[step][walker][blob]`, blobs in the order of `blobNames`. */
public fun Chain.blobs(discard: Int = 0, thin: Int = 1): Array<Array<DoubleArray>> =
    getBlobs(discard, thin)

/** Stored blobs flattened over walkers, `[sample][blob]`, in the order of [flatCoords]. */
public fun Chain.flatBlobs(discard: Int = 0, thin: Int = 1): Array<DoubleArray> =
    getFlatBlobs(discard, thin)

/**
 * One blob by name, flattened over walkers in the order of [flatCoords], as emcee's
 * `get_blobs(flat=True, discard=, thin=)[name]`; NaN where the log-probability returned −∞
 * without setting it.
 *
 * @throws EmceeException (EMCEE-I040) when no stored blob has that name
 */
public fun Chain.blob(name: String, discard: Int = 0, thin: Int = 1): DoubleArray =
    getFlatBlob(name, discard, thin)

/**
 * The integrated autocorrelation time per parameter, in steps, as emcee's
 * `get_autocorr_time(discard=, thin=, c=, tol=, quiet=)`.
 *
 * @throws io.emcee.core.diagnostics.AutocorrException when not [quiet] and the selected chain is
 *   shorter than [tol] times the estimate
 */
public fun Chain.autocorrTime(
    discard: Int = 0,
    thin: Int = 1,
    c: Double = Autocorrelation.DEFAULT_C,
    tol: Double = Autocorrelation.DEFAULT_TOL,
    quiet: Boolean = false,
): DoubleArray = getIntegratedAutocorrTime(discard, thin, c, tol, quiet)

/** Mean, standard deviation, percentiles and τ per parameter of the selected steps. */
public fun Chain.summary(discard: Int = 0, thin: Int = 1): ChainSummary = getSummary(discard, thin)

/** See [Chain.coords]. */
public fun Sampler.coords(discard: Int = 0, thin: Int = 1): Array<Array<DoubleArray>> =
    chain.coords(discard, thin)

/** See [Chain.flatCoords]. */
public fun Sampler.flatCoords(discard: Int = 0, thin: Int = 1): Array<DoubleArray> =
    chain.flatCoords(discard, thin)

/** See [Chain.logProbability]. */
public fun Sampler.logProbability(discard: Int = 0, thin: Int = 1): Array<DoubleArray> =
    chain.logProbability(discard, thin)

/** See [Chain.flatLogProbability]. */
public fun Sampler.flatLogProbability(discard: Int = 0, thin: Int = 1): DoubleArray =
    chain.flatLogProbability(discard, thin)

/** See [Chain.blobs]. */
public fun Sampler.blobs(discard: Int = 0, thin: Int = 1): Array<Array<DoubleArray>> =
    chain.blobs(discard, thin)

/** See [Chain.flatBlobs]. */
public fun Sampler.flatBlobs(discard: Int = 0, thin: Int = 1): Array<DoubleArray> =
    chain.flatBlobs(discard, thin)

/** See [Chain.blob]. */
public fun Sampler.blob(name: String, discard: Int = 0, thin: Int = 1): DoubleArray =
    chain.blob(name, discard, thin)

/** See [Chain.autocorrTime]. */
public fun Sampler.autocorrTime(
    discard: Int = 0,
    thin: Int = 1,
    c: Double = Autocorrelation.DEFAULT_C,
    tol: Double = Autocorrelation.DEFAULT_TOL,
    quiet: Boolean = false,
): DoubleArray = chain.autocorrTime(discard, thin, c, tol, quiet)

/** See [Chain.summary]. */
public fun Sampler.summary(discard: Int = 0, thin: Int = 1): ChainSummary =
    chain.summary(discard, thin)

/**
 * One blob by name for every walker of this ensemble (NaN for a walker whose log-probability
 * returned −∞ without setting it).
 *
 * @throws EmceeException (EMCEE-I040) when the ensemble has no blob of that name
 */
public fun Ensemble.blob(name: String): DoubleArray {
    val index = blobNames.indexOf(name)
    if (index < 0) {
        throw EmceeException(
            "EMCEE-I040",
            "no blob is named '$name': the ensemble's blobs are $blobNames",
        )
    }
    val all = blobs
    return DoubleArray(all.size) { all[it][index] }
}

/** One blob by name for every walker at this step; see [Ensemble.blob]. */
public fun Step.blob(name: String): DoubleArray = ensemble.blob(name)
