package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A temporary chain's file is deleted when its JVM exits, even if the backend was never closed. */
class TemporaryChainExitTest {
  @Test
  void theFileOfATemporaryChainLeftOpenIsGoneWhenTheJvmExits() throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false), Map.of(), List.of(), TemporaryChainMain.class)) {
      int code = child.waitFor(Duration.ofSeconds(120));
      assertEquals(0, code, child.output());
      Matcher m = Pattern.compile("path=(\\S+)").matcher(child.output());
      assertTrue(m.find(), child.output());
      assertTrue(child.output().contains("exists=true"), child.output());
      Path path = Path.of(m.group(1));
      assertFalse(Files.exists(path), path + " is left behind");
    }
  }
}
