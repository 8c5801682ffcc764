package io.emcee.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  /** Hazelcast's own member starter with the README's configuration file. */
  @Override
  List<String> plainServer(Path work, int port, Path keyFile) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("<hazelcast ");
    String xml = readme.substring(start, readme.indexOf("</hazelcast>", start) + 12);
    Path config = work.resolve("hazelcast.xml");
    Files.writeString(config, xml.replace("5701", Integer.toString(port)));
    return List.of(
        System.getProperty("java.home") + "/bin/java",
        "-Xmx256m",
        "-Dhazelcast.config=" + config,
        "-Demcee.cluster.keyfile=" + keyFile,
        "-cp",
        projectClassPath(),
        "com.hazelcast.core.server.HazelcastMemberStarter");
  }

  @Override
  String plainServerStarted() {
    return "is STARTED";
  }
}
