package io.emcee.api.spi.support;

import io.emcee.api.PoolException;
import io.emcee.api.PoolSettings;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How remote pools ship the user's function to their workers: serialized once, deserialized only
 * through an allow-list, and with errors that name the class and the fix instead of a serialization
 * stack trace. One place for every grid backend.
 *
 * <p>The allow-list accepts this project's classes ({@code io.emcee.}), the JDK's value types
 * ({@code java.lang.}, {@code java.util.}, lambdas), Kotlin's runtime, primitive arrays, classes of
 * the unnamed package (scripts), the package of the program's main class (also of a {@code java
 * -jar} program, from its manifest, and of a single-file {@code java Main.java} program), and the
 * package prefixes listed in {@code emcee.serialization.allow} ({@code EMCEE_SERIALIZATION_ALLOW});
 * everything else is refused.
 *
 * <pre>
 * {@code byte[] bytes = Shipping.serialize(function); RowFunction f = Shipping.deserialize(bytes, Shipping.allowList(settings), "member 127.0.0.1:5702");}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class Shipping {
  /** Extra package prefixes (comma-separated) whose classes workers may deserialize. */
  public static final String ALLOW = "emcee.serialization.allow";

  private static final List<String> ALWAYS =
      List.of("java.lang.", "java.util.", "java.math.", "kotlin.");

  /** This project's own classes, always admitted. */
  private static final String PROJECT = "io.emcee.";

  /** What to do when a captured class is not serializable. */
  private static final String CLASS_ADVICE =
      "Make that class implement java.io.Serializable, or let the function capture only"
          + " serializable values (numbers, arrays, records of them)";

  /**
   * What to do when the culprit is a lambda (Java's or Kotlin's, named {@code ...$$Lambda...}) of a
   * type that is not Serializable, such as a Kotlin {@code (DoubleArray) -> Double} or a {@code
   * java.util.function} type: its class cannot be changed, its definition can.
   */
  private static final String LAMBDA_ADVICE =
      "That is a lambda of a type that is not Serializable (a Kotlin function type such as"
          + " (DoubleArray) -> Double, or a java.util.function type). Write the log-probability"
          + " instead as a lambda literal converted to LogProbability, which is Serializable"
          + " (Kotlin: LogProbability { x -> ... } or Ensemble({ x -> ... }, start, pool); Java:"
          + " LogProbability f = x -> ...), as a reference to a static or top-level function"
          + " (Models::logProb, ::logProb), or as a class implementing LogProbability; and keep"
          + " function values out of what it captures";

  private static final Pattern PACKAGE_LINE =
      Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  /**
   * The class loader of the program's main class when it is not the application class loader (a
   * single-file {@code java Main.java} program's classes live in a loader of their own), seen when
   * a pool reads its allow-list on the program's thread.
   */
  private static volatile @Nullable ClassLoader programLoader;

  private Shipping() {}

  /** Remembers the outermost caller's class loader if the application loader cannot see it. */
  private static void noteProgramLoader() {
    ClassLoader system = ClassLoader.getSystemClassLoader();
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(
            frames ->
                frames
                    .map(f -> f.getDeclaringClass().getClassLoader())
                    .filter(l -> l != null && l != system && l != platform)
                    .reduce((first, second) -> second))
        .ifPresent(l -> programLoader = l);
  }

  /**
   * Serializes a function for its trip to the workers.
   *
   * @param function the function
   * @return its bytes
   * @throws PoolException (EMCEE-P030) naming the class that cannot be serialized and what to do
   */
  public static byte[] serialize(RowFunction function) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(function);
    } catch (NotSerializableException e) {
      String culprit = String.valueOf(e.getMessage());
      throw new PoolException(
          "EMCEE-P030",
          "the log-probability cannot be sent to the workers: it holds an instance of "
              + culprit
              + ", which is not Serializable. "
              + (culprit.contains("$$Lambda") ? LAMBDA_ADVICE : CLASS_ADVICE),
          e);
    } catch (IOException e) {
      throw new PoolException("EMCEE-P030", "the log-probability cannot be serialized: " + e, e);
    }
    return bytes.toByteArray();
  }

  /**
   * The allow-list of classes workers may deserialize, under {@code settings}.
   *
   * @param settings the process's settings ({@link #ALLOW})
   * @return a filter for {@link #deserialize}
   */
  public static ObjectInputFilter allowList(PoolSettings settings) {
    noteProgramLoader();
    List<String> allowed = List.copyOf(allowedPrefixes(settings));
    return info -> {
      Class<?> c = info.serialClass();
      if (c == null) {
        return ObjectInputFilter.Status.UNDECIDED;
      }
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.isPrimitive()) {
        return ObjectInputFilter.Status.ALLOWED;
      }
      String name = c.getName();
      if (name.indexOf('.') < 0) {
        return ObjectInputFilter.Status.ALLOWED; // the unnamed package: a script's own classes
      }
      for (String p : allowed) {
        if (name.startsWith(p)) {
          return ObjectInputFilter.Status.ALLOWED;
        }
      }
      return ObjectInputFilter.Status.REJECTED;
    };
  }

  /**
   * The package prefixes of {@link #allowList} beyond the JDK's and Kotlin's: this project's, the
   * main class's package and those of {@link #ALLOW}; each ends with a dot. For a library with an
   * allow-list of its own.
   *
   * @param settings the process's settings
   * @return the prefixes, e.g. {@code [io.emcee., org.example.]}
   */
  public static List<String> applicationPrefixes(PoolSettings settings) {
    noteProgramLoader();
    List<String> prefixes = new ArrayList<>(List.of(PROJECT));
    String extra = settings.get(ALLOW);
    if (extra != null) {
      Arrays.stream(extra.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .map(s -> s.endsWith(".") ? s : s + ".")
          .forEach(prefixes::add);
    }
    String main = mainPackage();
    if (main != null) {
      prefixes.add(main);
    }
    return prefixes;
  }

  /**
   * The package prefixes {@link #allowList} admits whatever the settings: the JDK's {@code
   * java.lang.}, {@code java.util.} and {@code java.math.}, Kotlin's runtime and this project's.
   * Besides these it admits primitives, the unnamed package and {@link #applicationPrefixes}.
   *
   * @return the prefixes, each ending with a dot
   */
  public static List<String> builtInPrefixes() {
    List<String> prefixes = new ArrayList<>(ALWAYS);
    prefixes.add(PROJECT);
    return List.copyOf(prefixes);
  }

  private static List<String> allowedPrefixes(PoolSettings settings) {
    List<String> prefixes = new ArrayList<>(ALWAYS);
    prefixes.addAll(applicationPrefixes(settings));
    return prefixes;
  }

  /**
   * The package of the program's main class, with a trailing dot, if it has one: from the command
   * line ({@code pkg.Main} or {@code module/pkg.Main}), from the manifest's {@code Main-Class} of a
   * {@code java -jar} program, or from the {@code package} line of a single-file {@code java
   * Main.java} program.
   *
   * @return e.g. {@code org.example.}, or null (a class in the unnamed package, or none found)
   */
  public static @Nullable String mainPackage() {
    String command = System.getProperty("sun.java.command", "").trim();
    String[] words = command.split("\\s+", 3);
    String first = words[0];
    String mainClass;
    if (first.endsWith(".jar")) {
      mainClass = manifestMainClass(jarOf(first));
    } else if (first.startsWith("jdk.compiler/") && words.length > 1) {
      mainClass = sourcePackage(words[1]);
      return mainClass == null ? null : mainClass + ".";
    } else {
      mainClass = first.contains("/") ? first.substring(first.indexOf('/') + 1) : first;
    }
    if (mainClass == null) {
      return null;
    }
    int dot = mainClass.lastIndexOf('.');
    return dot > 0 ? mainClass.substring(0, dot + 1) : null;
  }

  /** The jar a {@code -jar} launch names: the class path, which is that jar, or the word itself. */
  private static String jarOf(String word) {
    String classPath = System.getProperty("java.class.path", "");
    return classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator) ? classPath : word;
  }

  private static @Nullable String manifestMainClass(String jar) {
    try (JarFile file = new JarFile(jar)) {
      Manifest manifest = file.getManifest();
      return manifest == null
          ? null
          : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  /** The package a single-file program declares, or null for the unnamed package. */
  private static @Nullable String sourcePackage(String source) {
    try {
      String text = Files.readString(Path.of(source));
      String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
      Matcher m = PACKAGE_LINE.matcher(code);
      return m.find() ? m.group(1) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The value of {@link #ALLOW} that admits {@code className}: its package, or, for a class in the
   * unnamed package, the class itself.
   */
  static String allowValue(String className) {
    int dot = className.lastIndexOf('.');
    return dot > 0 ? className.substring(0, dot) : className;
  }

  /**
   * Deserializes a shipped function through {@code filter}.
   *
   * @param bytes what {@link #serialize} produced
   * @param filter the allow-list
   * @param location where this runs, for the error message
   * @return the function
   * @throws PoolException (EMCEE-P031) when a class is missing here, (EMCEE-P032) when one is not
   *     on the allow-list
   */
  public static RowFunction deserialize(byte[] bytes, ObjectInputFilter filter, String location) {
    String[] rejected = new String[1];
    ObjectInputFilter recording =
        info -> {
          ObjectInputFilter.Status s = filter.checkInput(info);
          if (s == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
            rejected[0] = info.serialClass().getName();
          }
          return s;
        };
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes)) {
          {
            setObjectInputFilter(recording);
          }

          @Override
          protected Class<?> resolveClass(java.io.ObjectStreamClass desc)
              throws IOException, ClassNotFoundException {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
              try {
                return Class.forName(desc.getName(), false, context);
              } catch (ClassNotFoundException e) {
                // fall back to the program's loader, then the default resolution below
              }
            }
            ClassLoader program = programLoader;
            if (program != null) {
              try {
                return Class.forName(desc.getName(), false, program);
              } catch (ClassNotFoundException e) {
                // fall back to the default resolution below
              }
            }
            return super.resolveClass(desc);
          }
        }) {
      return (RowFunction) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new PoolException(
          "EMCEE-P031",
          "the log-probability's class "
              + e.getMessage()
              + " is missing on "
              + location
              + "; workers run the same program, so put the same jars on their class path",
          e);
    } catch (InvalidClassException e) {
      if (rejected[0] != null) {
        throw new PoolException(
            "EMCEE-P032",
            "class "
                + rejected[0]
                + " is not on the deserialization allow-list of "
                + location
                + "; admit it with -D"
                + ALLOW
                + "="
                + allowValue(rejected[0])
                + " (or "
                + PoolSettings.environmentName(ALLOW)
                + "="
                + allowValue(rejected[0])
                + ") on the workers, adding to any value already set",
            e);
      }
      throw new PoolException(
          "EMCEE-P031", "cannot deserialize the log-probability on " + location + ": " + e, e);
    } catch (IOException | RuntimeException e) {
      throw new PoolException(
          "EMCEE-P031", "cannot deserialize the log-probability on " + location + ": " + e, e);
    }
  }
}
