package io.emcee.api.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentFigureTest {
  @Test
  void theFirstFigureIsATrialAndTheOthersGiveTheirMedian() {
    RecentFigure f = new RecentFigure();
    f.add(50);
    assertFalse(f.isKnown(), "the first figure is not counted");
    assertTrue(Double.isNaN(f.get()));
    f.add(10);
    assertEquals(10, f.get(), 1e-12);
    f.add(14);
    assertEquals(12, f.get(), 1e-12, "two figures: their mean");
    assertFalse(f.isKnown(), "known after " + RecentFigure.FIRST);
    f.add(11);
    assertEquals(11, f.get(), 1e-12);
    assertTrue(f.isKnown());
  }

  @Test
  void oneStretchedMapDoesNotMoveItAndALastingChangeShowsAfterThreeMaps() {
    RecentFigure f = new RecentFigure();
    f.add(1);
    for (int i = 0; i < 5; i++) {
      f.add(10);
    }
    f.add(1000);
    assertEquals(10, f.get(), 1e-12, "one map stretched a hundred times");
    f.add(20);
    assertEquals(10, f.get(), 1e-12, "two of five");
    f.add(20);
    assertEquals(20, f.get(), 1e-12, "three of five: the way did become slower");
    for (int i = 0; i < 3; i++) {
      f.add(5);
    }
    assertEquals(5, f.get(), 1e-12, "the oldest figures drop out");
  }

  @Test
  void figuresThatAreNotPositiveNumbersAreIgnoredAndForgetStartsAgain() {
    RecentFigure f = new RecentFigure();
    f.add(0);
    f.add(-1);
    f.add(Double.NaN);
    f.add(Double.POSITIVE_INFINITY);
    f.add(3);
    assertFalse(f.isKnown(), "3 was the first figure");
    f.add(4);
    assertEquals(4, f.get(), 1e-12);
    f.ran();
    f.ran();
    assertEquals(2, f.getRuns(), "maps chosen, measured or not");
    f.forget();
    assertFalse(f.isKnown());
    assertEquals(0, f.getRuns());
    f.add(7);
    assertFalse(f.isKnown(), "after forget, the first figure is a trial again");
    f.add(8);
    assertEquals(8, f.get(), 1e-12, "nothing from before forget");
  }
}
