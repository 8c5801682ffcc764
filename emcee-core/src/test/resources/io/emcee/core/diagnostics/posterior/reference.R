# Reference values of the convergence statistics from the R package posterior.
#
#   Rscript reference.R generate   # writes the test chains (*.csv), fixed by set.seed
#   Rscript reference.R            # reads them and writes reference.csv
#   Rscript reference.R stats IN.csv OUT.csv   # the same statistics for any chains file
#
# Each chains file has one column per chain and one row per draw. reference.csv holds, per data
# set, rhat, ess_bulk, ess_tail, ess_mean, mcse_mean and mcse_quantile at 0.05, 0.5 and 0.95,
# printed with 17 significant digits, under a header that records the R and posterior versions.
suppressPackageStartupMessages(library(posterior))
args <- commandArgs(trailingOnly = TRUE)

fmt <- function(v) sprintf("%.17g", v)
write_chains <- function(m, file) {
  out <- apply(m, c(1, 2), fmt)
  colnames(out) <- paste0("chain", seq_len(ncol(m)))
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}
ar1 <- function(n, phi, mu = 0) {
  x <- numeric(n)
  x[1] <- rnorm(1) / sqrt(1 - phi^2)
  for (t in 2:n) x[t] <- phi * x[t - 1] + rnorm(1)
  x + mu
}

if (length(args) > 0 && args[1] == "generate") {
  set.seed(20211)
  # Four independent, well-mixed chains of standard normal draws.
  write_chains(matrix(rnorm(4 * 1000), ncol = 4), "well-mixed.csv")
  # Two chains stuck in different places: R-hat must flag them.
  write_chains(cbind(ar1(500, 0.5), ar1(500, 0.5, mu = 1.5)), "badly-mixed.csv")
  # Four strongly autocorrelated chains: AR(1) with phi = 0.9.
  write_chains(sapply(1:4, function(i) ar1(2000, 0.9)), "ar1.csv")
  # Three skewed chains of odd length (the middle draw is dropped when splitting).
  write_chains(matrix(rexp(3 * 301), ncol = 3), "skewed-odd.csv")
  quit(save = "no")
}

statistics <- function(x) {
  c(
    rhat = rhat(x),
    ess_bulk = ess_bulk(x),
    ess_tail = ess_tail(x),
    ess_mean = ess_mean(x),
    mcse_mean = mcse_mean(x),
    mcse_q5 = mcse_quantile(x, 0.05, names = FALSE),
    mcse_q50 = mcse_quantile(x, 0.5, names = FALSE),
    mcse_q95 = mcse_quantile(x, 0.95, names = FALSE),
    mean = mean(x),
    sd = sd(x)
  )
}

if (length(args) == 3 && args[1] == "stats") {
  stats <- statistics(as.matrix(read.csv(args[2])))
  write.csv(data.frame(statistic = names(stats), value = fmt(stats)), args[3],
            row.names = FALSE, quote = FALSE)
  quit(save = "no")
}

sets <- c("well-mixed", "badly-mixed", "ar1", "skewed-odd")
rows <- list()
for (s in sets) {
  stats <- statistics(as.matrix(read.csv(paste0(s, ".csv"))))
  rows[[s]] <- data.frame(dataset = s, statistic = names(stats), value = fmt(stats))
}
con <- file("reference.csv", "w")
writeLines(c(
  paste0("# ", R.version.string, "; posterior ", as.character(packageVersion("posterior")),
         " (Debian r-cran-posterior)"),
  "# produced by: Rscript reference.R   (in this directory)"
), con)
write.csv(do.call(rbind, rows), con, row.names = FALSE, quote = FALSE)
close(con)
