package io.emcee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emcee.api.spi.support.ClassBundle;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command's models reach a standing worker as their own class, not with the command's. */
class ModelsTravelAloneTest {

  @Test
  void theDemoModelShipsOneClass() {
    ClassBundle bundle = ClassBundle.collect(new StandardNormal());
    assertEquals(Set.of(StandardNormal.class.getName()), bundle.names());
  }

  @Test
  void theFitLineModelShipsOneClass() {
    ClassBundle bundle = ClassBundle.collect(TutorialLine.draw(1));
    assertEquals(Set.of(TutorialLine.class.getName()), bundle.names());
  }
}
