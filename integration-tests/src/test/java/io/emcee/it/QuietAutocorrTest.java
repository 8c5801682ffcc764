package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.diagnostics.Autocorrelation;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * {@code quiet} estimates of a chain too short for tau, as a convergence loop makes them: the first
 * logs one {@code [EMCEE-A001]} WARNING, the later ones only at DEBUG (JUL's FINE), so the console
 * gets one warning, not one per call.
 */
class QuietAutocorrTest {

  private static double gaussian(double[] x) {
    return -0.5 * (x[0] * x[0] + x[1] * x[1]);
  }

  @Test
  void quietSaysOnceAsAWarningThenOnlyAtDebug() throws Exception {
    // The process-wide "said once" flag, reset so that this test sees the first quiet estimate.
    Field said = Autocorrelation.class.getDeclaredField("SHORT_CHAIN_WARNED");
    said.setAccessible(true);
    ((AtomicBoolean) said.get(null)).set(false);
    Logger jul = Logger.getLogger(Autocorrelation.class.getName());
    List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level before = jul.getLevel();
    jul.setLevel(Level.ALL);
    jul.addHandler(capture);
    try {
      Sampler sampler = Sampler.builder().seed(3).build();
      sampler.run(
          new Ensemble(QuietAutocorrTest::gaussian, TestModels.start(16, 2, 5), Pools.serial()),
          60);
      for (int i = 0; i < 3; i++) {
        double[] tau = sampler.getIntegratedAutocorrTime(0, 1, true);
        assertEquals(2, tau.length);
      }
      // With tol = 0 (emcee's way to monitor a running chain) nothing is said at all.
      sampler.getIntegratedAutocorrTime(0, 1, Autocorrelation.DEFAULT_C, 0, true);
    } finally {
      jul.removeHandler(capture);
      jul.setLevel(before);
    }
    assertEquals(3, records.size(), records::toString);
    assertEquals(Level.WARNING, records.get(0).getLevel());
    assertEquals(Level.FINE, records.get(1).getLevel()); // System.Logger's DEBUG
    assertEquals(Level.FINE, records.get(2).getLevel());
    for (LogRecord r : records) {
      assertTrue(r.getMessage().startsWith("[EMCEE-A001] the chain is shorter"), r.getMessage());
    }
  }
}
