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

  @Override
  String plainServerStarted() {
    return "ignite server serving";
  }
}
