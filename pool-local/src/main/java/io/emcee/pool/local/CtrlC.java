package io.emcee.pool.local;

import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) into an interrupt of the threads sampling on open local pools, as emcee's
 * {@code InterruptiblePool} turns it into a {@code KeyboardInterrupt}: the sampler stops at the end
 * of the current step, keeps every completed step, and the program's own clean-up runs. A second
 * Ctrl-C, or one while no pool is sampling, does what it did before (normally: exit). Installed
 * while at least one such pool is open; the previous handler is restored when the last closes.
 */
final class CtrlC {
  private static final System.Logger LOG = System.getLogger(CtrlC.class.getName());
  private static final Signal INT = new Signal("INT");
  private static final Set<Crew> CREWS = new LinkedHashSet<>();
  private static @Nullable SignalHandler previous;
  private static boolean installed;
  private static boolean interruptSent;

  private CtrlC() {}

  static synchronized void register(Crew crew) {
    CREWS.add(crew);
    if (!installed) {
      try {
        previous = Signal.handle(INT, CtrlC::handle);
        installed = true;
        interruptSent = false;
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // -Xrs, or a platform without SIGINT: Ctrl-C keeps its default meaning.
        LOG.log(Level.DEBUG, "Ctrl-C handling not installed: " + e);
      }
    }
  }

  static synchronized void unregister(Crew crew) {
    CREWS.remove(crew);
    if (CREWS.isEmpty() && installed) {
      SignalHandler p = previous;
      Signal.handle(INT, p != null ? p : SignalHandler.SIG_DFL);
      installed = false;
      previous = null;
    }
  }

  private static void handle(Signal signal) {
    SignalHandler fallback;
    synchronized (CtrlC.class) {
      if (!interruptSent) {
        boolean any = false;
        for (Crew crew : CREWS) {
          Thread master = crew.master();
          if (master != null && master.isAlive()) {
            crew.requestStop();
            master.interrupt();
            any = true;
          }
        }
        if (any) {
          interruptSent = true;
          System.err.println(
              "[EMCEE-R002] Ctrl-C: the sampler stops after the current step and keeps every"
                  + " completed one; press Ctrl-C again to quit at once");
          return;
        }
      }
      fallback = previous;
    }
    if (fallback != null
        && fallback != SignalHandler.SIG_DFL
        && fallback != SignalHandler.SIG_IGN) {
      fallback.handle(signal);
    } else if (fallback != SignalHandler.SIG_IGN) {
      System.exit(128 + signal.getNumber());
    }
  }
}
