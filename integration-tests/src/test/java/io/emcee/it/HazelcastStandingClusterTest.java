package io.emcee.it;

/** A standing hazelcast cluster of two loopback workers and its clients. */
class HazelcastStandingClusterTest extends StandingClusterTest {
  @Override
  String backend() {
    return "hazelcast";
  }

  @Override
  int basePort() {
    return 5901;
  }
}
