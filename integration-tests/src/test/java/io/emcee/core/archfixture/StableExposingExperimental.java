package io.emcee.core.archfixture;

import io.emcee.api.Stability;

/** Breaks the stable-signature rule: a STABLE method hands out an EXPERIMENTAL type. */
@Stability(Stability.Level.STABLE)
public final class StableExposingExperimental {

  /** Not in the production import: only the rule's own test sees it. */
  public Draft draft() {
    return new Draft();
  }

  /** A type that may still change. */
  @Stability(Stability.Level.EXPERIMENTAL)
  public static final class Draft {}

  /** Keeps the rule: the member that exposes the draft says it is experimental too. */
  @Stability(Stability.Level.STABLE)
  public static final class Honest {
    /** As experimental as what it returns. */
    @Stability(Stability.Level.EXPERIMENTAL)
    public Draft draft() {
      return new Draft();
    }
  }
}
