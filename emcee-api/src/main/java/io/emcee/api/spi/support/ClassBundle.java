package io.emcee.api.spi.support;

import io.emcee.api.PoolException;
import io.emcee.api.RowFunction;
import io.emcee.api.Stability;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a function needs that a standing worker does not have: the program's own classes
 * (those of the serialized function and the classes they name, transitively), read as bytes from
 * the program's class loader. A worker defines them in a {@link #loader} of their own for that run,
 * dropped with the run, so two programs may ship different classes of the same name. The JDK's,
 * Kotlin's, the grid libraries' and the classes of the jars a worker runs with (this project's API,
 * sampler and pools) never travel; the examples' do, as any program's.
 *
 * <pre>
 * {@code byte[] wire = ClassBundle.collect(function).encode(); ClassLoader l = ClassBundle.decode(wire).loader(parent);}
 * </pre>
 */
@Stability(Stability.Level.EXPERIMENTAL)
public final class ClassBundle {
  /** The most class bytes one function may ship (32 MB). */
  static final int MAX_BYTES = 32 << 20;

  private static final List<String> NEVER =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "kotlin.",
          "io.emcee.api.",
          "io.emcee.core.",
          "io.emcee.pool.",
          "com.hazelcast.",
          "org.apache.ignite.",
          "org.jspecify.");

  private static final Pattern DESCRIPTOR = Pattern.compile("L([\\w/$]+);");

  private final Map<String, byte[]> classes;

  private ClassBundle(Map<String, byte[]> classes) {
    this.classes = classes;
  }

  /**
   * The classes {@code function} needs beyond the JDK, Kotlin, this project and the grid libraries.
   *
   * @param function the function as it will be serialized
   * @return its classes (none for a function made of this project's classes only)
   * @throws PoolException (EMCEE-P030) when they are too large or cannot be read
   */
  public static ClassBundle collect(RowFunction function) {
    Map<String, ClassLoader> roots = new LinkedHashMap<>();
    try (ObjectOutputStream out =
        new ObjectOutputStream(OutputStream.nullOutputStream()) {
          @Override
          protected void annotateClass(Class<?> c) {
            note(c, roots);
          }
        }) {
      out.writeObject(function);
    } catch (IOException e) {
      throw new PoolException("EMCEE-P030", "the log-probability cannot be serialized: " + e, e);
    }
    note(function.getClass(), roots);
    Map<String, byte[]> found = new LinkedHashMap<>();
    Deque<Map.Entry<String, ClassLoader>> todo = new ArrayDeque<>(roots.entrySet());
    long total = 0;
    while (!todo.isEmpty()) {
      Map.Entry<String, ClassLoader> next = todo.poll();
      String name = next.getKey();
      ClassLoader loader = next.getValue();
      if (found.containsKey(name) || !ships(name)) {
        continue;
      }
      byte[] bytes = read(loader, name);
      if (bytes == null) {
        continue;
      }
      found.put(name, bytes);
      total += bytes.length;
      if (total > MAX_BYTES) {
        throw new PoolException(
            "EMCEE-P030",
            "the log-probability needs more than "
                + (MAX_BYTES >> 20)
                + " MB of classes to ship to the workers; put its library's jars on the workers'"
                + " class path instead");
      }
      for (String referenced : referencedClasses(bytes)) {
        if (!found.containsKey(referenced)) {
          todo.add(Map.entry(referenced, loader));
        }
      }
    }
    return new ClassBundle(found);
  }

  private static void note(Class<?> c, Map<String, ClassLoader> roots) {
    while (c.isArray()) {
      c = c.getComponentType();
    }
    ClassLoader loader = c.getClassLoader();
    if (loader != null && !c.isHidden() && ships(c.getName())) {
      roots.putIfAbsent(c.getName(), loader);
    }
  }

  private static boolean ships(String name) {
    for (String prefix : NEVER) {
      if (name.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  private static byte @org.jspecify.annotations.Nullable [] read(ClassLoader loader, String name) {
    String path = name.replace('.', '/') + ".class";
    URL url = loader.getResource(path);
    if (url == null || "jrt".equals(url.getProtocol())) {
      return null;
    }
    try (InputStream in = url.openStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new PoolException(
          "EMCEE-P030", "cannot read the class " + name + " to ship it to the workers: " + e, e);
    }
  }

  /** The classes a class file names in its constant pool (as classes or in descriptors). */
  static Set<String> referencedClasses(byte[] classFile) {
    Set<String> names = new java.util.LinkedHashSet<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      in.skipBytes(8); // magic, minor, major
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] classIndex = new int[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classIndex[i] = in.readUnsignedShort();
          case 8, 16, 19, 20 -> in.skipBytes(2);
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
          case 5, 6 -> {
            in.skipBytes(8);
            i++;
          }
          default -> throw new IOException("unknown constant pool tag " + tag);
        }
      }
      for (int i = 1; i < count; i++) {
        if (classIndex[i] > 0 && utf8[classIndex[i]] != null) {
          String n = utf8[classIndex[i]];
          if (n.startsWith("[")) {
            addDescriptors(n, names);
          } else {
            names.add(n.replace('/', '.'));
          }
        } else if (utf8[i] != null && utf8[i].indexOf(';') > 0) {
          addDescriptors(utf8[i], names);
        }
      }
    } catch (IOException e) {
      return names; // an unusual class file: ship what was found, the worker names what is missing
    }
    return names;
  }

  private static void addDescriptors(String text, Set<String> names) {
    Matcher m = DESCRIPTOR.matcher(text);
    while (m.find()) {
      names.add(m.group(1).replace('/', '.'));
    }
  }

  /**
   * Whether there is nothing to ship.
   *
   * @return whether the bundle is empty
   */
  public boolean isEmpty() {
    return classes.isEmpty();
  }

  /**
   * The names of the classes in the bundle.
   *
   * @return binary class names
   */
  public Set<String> names() {
    return classes.keySet();
  }

  /**
   * The bundle's size on the wire, about.
   *
   * @return the class bytes it holds
   */
  public long byteCount() {
    return classes.values().stream().mapToLong(b -> b.length).sum();
  }

  /**
   * The bundle as bytes for the wire.
   *
   * @return its encoding
   */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(classes.size());
      for (Map.Entry<String, byte[]> e : classes.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A bundle from its wire bytes (only after the request carrying it was authenticated).
   *
   * @param wire what {@link #encode} wrote
   * @return the bundle
   * @throws PoolException (EMCEE-P031) when the bytes are not a bundle
   */
  public static ClassBundle decode(byte[] wire) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire))) {
      int n = in.readInt();
      if (n < 0 || n > 100_000) {
        throw new IOException("bad class count " + n);
      }
      Map<String, byte[]> classes = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > MAX_BYTES) {
          throw new IOException("bad class length " + length);
        }
        classes.put(name, in.readNBytes(length));
      }
      return new ClassBundle(classes);
    } catch (IOException e) {
      throw new PoolException("EMCEE-P031", "the shipped classes cannot be read: " + e, e);
    }
  }

  /**
   * A class loader defining this bundle's classes (they win over the parent's of the same name),
   * for one run.
   *
   * @param parent the worker's class loader
   * @return the run's loader
   */
  public ClassLoader loader(ClassLoader parent) {
    return new RunLoader(parent, classes);
  }

  /** Defines a run's shipped classes, child-first for those names. */
  private static final class RunLoader extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes;

    RunLoader(ClassLoader parent, Map<String, byte[]> classes) {
      super("emcee-run", parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!classes.containsKey(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }
  }
}
