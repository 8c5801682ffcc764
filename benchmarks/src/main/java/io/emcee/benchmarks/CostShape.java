package io.emcee.benchmarks;

import io.emcee.api.LogProbability;

/**
 * How much an evaluation of the scale benchmark's model costs, as a deterministic function of the
 * coordinates (so the chain stays reproducible and every pool sees the same costs). The model waits
 * instead of computing, so that many processes fit on a 2-core machine: it stands for an expensive
 * model that spends its time in I/O, a service or a solver on other hardware.
 */
enum CostShape {
  /** Every evaluation costs the base time. */
  EQUAL {
    @Override
    long nanos(double[] x) {
      return BASE_NANOS;
    }
  },
  /** A few slow regions: about 10 % of N(0,1) walkers (x0 above 1.28) cost 5 times the base. */
  FEW_SLOW {
    @Override
    long nanos(double[] x) {
      return x[0] > 1.28 ? 5 * BASE_NANOS : BASE_NANOS;
    }
  },
  /** Half the walkers (x0 above 0) cost 4 times the rest. */
  HALF_SLOW {
    @Override
    long nanos(double[] x) {
      return x[0] > 0 ? 4 * BASE_NANOS : BASE_NANOS;
    }
  },
  /** A smooth ramp: from 1 to 6 times the base as x0 goes from -2.5 to 2.5. */
  RAMP {
    @Override
    long nanos(double[] x) {
      double t = Math.min(1, Math.max(0, (x[0] + 2.5) / 5));
      return Math.round(BASE_NANOS * (1 + 5 * t));
    }
  };

  /**
   * Where the scale benchmark tells each process it starts (masters, workers, MPI ranks, emcee's
   * script) the base cost, in nanoseconds: {@code ScaleBenchmarkMain --row-ms}.
   */
  static final String BASE_ENV = "EMCEE_SCALE_ROW_NANOS";

  /** The base cost of one evaluation: 2 ms unless the benchmark was given another. */
  static final long BASE_NANOS = baseNanos(System.getenv(BASE_ENV));

  /** The base cost from {@link #BASE_ENV}'s value, 2 ms when it is not set. */
  static long baseNanos(@org.jspecify.annotations.Nullable String value) {
    if (value == null || value.isBlank()) {
      return 2_000_000L;
    }
    return checkedBase(Long.parseLong(value.trim()), BASE_ENV + "=" + value);
  }

  /**
   * A base cost the benchmark can wait for, from 10 µs to 1 s.
   *
   * @param nanos the base cost in nanoseconds
   * @param setting where it came from, for the error
   * @return {@code nanos}
   */
  static long checkedBase(long nanos, String setting) {
    if (nanos < 10_000L || nanos > 1_000_000_000L) {
      throw new IllegalArgumentException(
          setting + ": the base cost of an evaluation must be from 10 µs (0.01 ms) to 1 s");
    }
    return nanos;
  }

  /**
   * What evaluating the model at {@code x} costs.
   *
   * @param x the coordinates
   * @return nanoseconds
   */
  abstract long nanos(double[] x);

  /** The lower-case name used on the command line and in the table, e.g. {@code few-slow}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  static CostShape parse(String label) {
    for (CostShape s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown cost shape '" + label + "'; use equal, few-slow, half-slow or ramp");
  }

  /**
   * The model: waits for {@link #nanos} without using a core ({@link ModelWait}: on average that
   * long, not a wake-up's delay more), then returns -½|x|².
   *
   * @return a serializable log-probability
   */
  LogProbability model() {
    CostShape shape = this;
    return x -> {
      ModelWait.waitFor(shape.nanos(x));
      double s = 0;
      for (double v : x) {
        s += v * v;
      }
      return -0.5 * s;
    };
  }
}
