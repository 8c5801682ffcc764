package io.emcee.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How far a public type or member can be relied on across releases.
 *
 * <pre>{@code @Stability(Stability.Level.STABLE) public interface Pool { ... } }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@Stability(Stability.Level.STABLE)
public @interface Stability {

  /** The promise made about the annotated element. */
  Level value();

  /** The promises this project makes. */
  enum Level {
    /** Kept compatible across minor releases. */
    STABLE,
    /** Usable, but may change in a minor release as we learn from users. */
    EXPERIMENTAL,
    /** Public only for technical reasons (another module of this project needs it). */
    INTERNAL
  }
}
