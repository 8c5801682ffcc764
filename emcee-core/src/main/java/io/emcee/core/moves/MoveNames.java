package io.emcee.core.moves;

/** Names of classes that stay the same from one JVM run to the next. */
final class MoveNames {
  private MoveNames() {}

  /**
   * The class's name; for a lambda or other hidden class, the name of the class that defined it
   * ({@code com.example.Main$$Lambda} rather than {@code com.example.Main$$Lambda/0x...}, whose
   * suffix changes between runs).
   */
  static String stableName(Class<?> type) {
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      return name.substring(0, lambda) + "$$Lambda";
    }
    int hidden = name.indexOf('/');
    return hidden >= 0 ? name.substring(0, hidden) : name;
  }
}
