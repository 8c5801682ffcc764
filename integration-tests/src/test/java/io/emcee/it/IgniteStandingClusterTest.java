package io.emcee.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

  /** The README's plain Ignite server, a single-file program that only configures Ignite. */
  @Override
  List<String> plainServer(Path work, int port, Path keyFile) throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("// PlainIgniteServer.java");
    String source = readme.substring(start, readme.indexOf("```", start));
    Path file = work.resolve("PlainIgniteServer.java");
    Files.writeString(file, source);
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-Xmx256m");
    command.addAll(javaOptions());
    command.add("-Djava.io.tmpdir=" + work);
    command.add("-Demcee.cluster.keyfile=" + keyFile);
    command.add("-cp");
    command.add(projectClassPath());
    command.add(file.toString());
    command.add(Integer.toString(port));
    return command;
  }

  /**
   * 10 % and 2 MB: an Ignite server keeps its last 1024 discovery ring messages (about five a
   * client run, the join's with the client's node attributes and the grid's discovery data) and its
   * last 1000 topology versions whatever is configured, so its heap grows by about 40 KB a run
   * until the first is full (about 200 runs), then by about 17 KB until the second is (about 500).
   * Measured over 50 runs: 7.6–9.8 %, and 9.7–10.1 % when clients still had a storage
   * configuration.
   */
  @Override
  long heapGrowthAllowed(long first) {
    return first / 10 + (2 << 20);
  }

  @Override
  String plainServerStarted() {
    return "ignite server serving";
  }
}
