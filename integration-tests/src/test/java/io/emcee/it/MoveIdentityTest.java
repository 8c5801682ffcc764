package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emcee.api.Pools;
import io.emcee.core.Chain;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import io.emcee.core.storage.FileBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored chain names its moves in words that every JVM repeats, so another JVM resumes it. */
class MoveIdentityTest {
  @TempDir Path dir;

  private static String runChild(Path file, int total) throws Exception {
    try (ChildJvm child =
        ChildJvm.start(
            ChildJvm.classPathWithout(s -> false),
            Map.of(),
            List.of(),
            MHMoveChainMain.class,
            file.toString(),
            Integer.toString(total))) {
      int code = child.waitFor(Duration.ofSeconds(120));
      assertEquals(0, code, child.output());
      return child.output();
    }
  }

  @Test
  void anMHMoveChainWithALambdaProposalResumesInANewJvmToTheUninterruptedChain() throws Exception {
    Path file = dir.resolve("mh.chain");
    assertTrue(runChild(file, 30).contains("steps=30"));
    assertTrue(runChild(file, 60).contains("steps=60"), "a second JVM resumed the chain");

    Sampler reference = MHMoveChainMain.sampler().build();
    reference.run(new Ensemble(MHMoveChainMain.MODEL, MHMoveChainMain.start(), Pools.serial()), 60);
    try (FileBackend stored = FileBackend.openReadOnly(file)) {
      String moves = stored.getMetadata().moves();
      assertFalse(moves.contains("/"), moves);
      assertFalse(moves.contains("@"), moves);
      assertTrue(moves.contains("MHMove(proposal io.emcee.it.MHMoveChainMain$$Lambda)"), moves);
      Chain chain = Chain.of(stored);
      assertEquals(60, chain.getIteration());
      double[][] expected = reference.getFlatCoords();
      double[][] actual = chain.getFlatCoords();
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(expected[i], actual[i], 0.0, "sample " + i);
      }
      assertArrayEquals(reference.getAcceptanceFraction(), chain.getAcceptanceFraction(), 0.0);
    }
  }
}
