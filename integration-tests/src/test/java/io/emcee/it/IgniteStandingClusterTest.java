package io.emcee.it;

/** A standing ignite cluster of two loopback workers and its clients. */
class IgniteStandingClusterTest extends StandingClusterTest {
  @Override
  String backend() {
    return "ignite";
  }

  @Override
  int basePort() {
    return 47800;
  }
}
