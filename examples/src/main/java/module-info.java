/**
 * Runnable examples of emcee for the JVM; {@link io.emcee.examples.Demo} is the README's demo as a
 * plain program to copy ({@code bin/demo} runs the same problem as {@code bin/emcee demo}).
 *
 * <pre>{@code java -cp ... io.emcee.examples.Demo}</pre>
 */
module io.emcee.examples {
  requires io.emcee.core;
  requires static transitive org.jspecify;

  exports io.emcee.examples;
}
