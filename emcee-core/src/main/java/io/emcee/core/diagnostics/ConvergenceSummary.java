package io.emcee.core.diagnostics;

import io.emcee.api.Stability;

/**
 * The convergence statistics of one parameter across several chains, as {@link Convergence}
 * computes them (Vehtari et al. 2021, as the R package {@code posterior} defines them). A value is
 * {@code NaN} where {@code posterior} gives {@code NA}: for a parameter whose draws are all equal.
 *
 * <pre>{@code if (s.rhat() > 1.01 || s.essBulk() < 400) { runLonger(); } }</pre>
 *
 * @param name the parameter's name
 * @param mean the mean of all draws
 * @param sd the standard deviation of all draws (denominator {@code n - 1})
 * @param rhat the larger of the rank-normalised split-R-hat of the draws and of the draws folded
 *     about their median ({@code posterior::rhat}); below 1.01 is the usual threshold
 * @param essBulk the bulk effective sample size ({@code posterior::ess_bulk})
 * @param essTail the tail effective sample size: the smaller of the ESS of the 5 % and 95 %
 *     quantiles ({@code posterior::ess_tail})
 * @param mcseMean the Monte Carlo standard error of the mean ({@code posterior::mcse_mean})
 * @param mcseQ5 the Monte Carlo standard error of the 5 % quantile
 * @param mcseQ50 the Monte Carlo standard error of the median
 * @param mcseQ95 the Monte Carlo standard error of the 95 % quantile
 */
@Stability(Stability.Level.EXPERIMENTAL)
public record ConvergenceSummary(
    String name,
    double mean,
    double sd,
    double rhat,
    double essBulk,
    double essTail,
    double mcseMean,
    double mcseQ5,
    double mcseQ50,
    double mcseQ95) {}
