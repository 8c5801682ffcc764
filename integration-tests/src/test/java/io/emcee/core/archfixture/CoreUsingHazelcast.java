package io.emcee.core.archfixture;

import com.hazelcast.core.HazelcastInstance;

/** Breaks the library rule: a sampler class that needs Hazelcast on the class path. */
public final class CoreUsingHazelcast {
  private CoreUsingHazelcast() {}

  /** Not in the production import: only the rule's own test sees it. */
  static int members(HazelcastInstance instance) {
    return instance.getCluster().getMembers().size();
  }
}
