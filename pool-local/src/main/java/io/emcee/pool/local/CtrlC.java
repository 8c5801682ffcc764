package io.emcee.pool.local;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns Ctrl-C (SIGINT) into an interrupt of the threads sampling on open local pools, as emcee's
 * {@code InterruptiblePool} turns it into a {@code KeyboardInterrupt}: the sampler stops at the end
 * of the current step, keeps every completed step, and the program's own clean-up runs. A second
 * Ctrl-C, or one while no pool is sampling, does what it did before (normally: exit). Installed
 * while at least one such pool is open; the previous handler is restored when the last closes.
 *
 * <p>Signals are handled with {@code sun.misc.Signal} from the {@code jdk.unsupported} module, the
 * JDK's supported way to catch SIGINT, reached by reflection so that the build (whose javac and
 * javadoc warn on every mention of proprietary API) stays free of warnings.
 *
 * <p>A process that starts with SIGINT ignored keeps ignoring it: the JVM will not let it be
 * caught. That is what a shell does to a program it starts in the background without job control
 * ({@code java ... &} in a script), so Ctrl-C and {@code kill -INT} do not reach such a run. This
 * is then reported once, at debug level, and {@link #isActive()} is false.
 */
final class CtrlC {
  private static final System.Logger LOG = System.getLogger(CtrlC.class.getName());
  private static final Set<Crew> CREWS = new LinkedHashSet<>();
  private static @Nullable Signals signals;
  private static @Nullable Object previous;
  private static boolean installed;
  private static boolean interruptSent;
  private static boolean ignoredReported;

  private CtrlC() {}

  /** The reflective handles on sun.misc.Signal, looked up once. */
  private record Signals(
      Class<?> signalClass,
      Class<?> handlerClass,
      Object sigint,
      Method handle,
      Method handlerHandle,
      Method number,
      Object defaultHandler,
      Object ignoreHandler,
      Object ours) {

    static Signals lookUp() throws ReflectiveOperationException {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object ours =
          Proxy.newProxyInstance(
              CtrlC.class.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> {
                if (method.getName().equals("handle") && args != null && args.length == 1) {
                  handleSignal(args[0]);
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "emcee Ctrl-C handler";
                  default -> null;
                };
              });
      return new Signals(
          signal,
          handler,
          signal.getConstructor(String.class).newInstance("INT"),
          signal.getMethod("handle", signal, handler),
          handler.getMethod("handle", signal),
          signal.getMethod("getNumber"),
          handler.getField("SIG_DFL").get(null),
          handler.getField("SIG_IGN").get(null),
          ours);
    }
  }

  static synchronized void register(Crew crew) {
    CREWS.add(crew);
    if (installed) {
      return;
    }
    try {
      Signals s = signals != null ? signals : Signals.lookUp();
      signals = s;
      Object before = s.handle().invoke(null, s.sigint(), s.ours());
      if (before == s.ignoreHandler()) {
        // The JVM leaves a signal that was ignored at start ignored and installs nothing.
        if (!ignoredReported) {
          ignoredReported = true;
          LOG.log(
              Level.DEBUG,
              "SIGINT is ignored in this process (a script started it in the background), so"
                  + " Ctrl-C cannot stop the sampler; start it with"
                  + " 'env --default-signal=INT java ...' to make Ctrl-C work");
        }
        return;
      }
      previous = before;
      installed = true;
      interruptSent = false;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // -Xrs, a platform without SIGINT, or no jdk.unsupported: Ctrl-C keeps its meaning.
      LOG.log(Level.DEBUG, "Ctrl-C handling not installed: " + unwrap(e));
    }
  }

  /** Whether Ctrl-C now reaches the sampling threads of registered pools. */
  static synchronized boolean isActive() {
    return installed;
  }

  static synchronized void unregister(Crew crew) {
    CREWS.remove(crew);
    Signals s = signals;
    if (CREWS.isEmpty() && installed && s != null) {
      try {
        Object p = previous;
        s.handle().invoke(null, s.sigint(), p != null ? p : s.defaultHandler());
      } catch (ReflectiveOperationException | RuntimeException e) {
        LOG.log(Level.DEBUG, "Ctrl-C handling not restored: " + unwrap(e));
      }
      installed = false;
      previous = null;
    }
  }

  private static void handleSignal(Object signal) {
    Object fallback;
    Signals s;
    synchronized (CtrlC.class) {
      s = signals;
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
    if (s == null) {
      System.exit(130);
      return;
    }
    try {
      if (fallback != null && fallback != s.defaultHandler() && fallback != s.ignoreHandler()) {
        s.handlerHandle().invoke(fallback, signal);
      } else if (fallback != s.ignoreHandler()) {
        System.exit(128 + (int) s.number().invoke(signal));
      }
    } catch (ReflectiveOperationException e) {
      System.exit(130);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof InvocationTargetException ite && ite.getCause() != null
        ? ite.getCause()
        : e;
  }
}
