package io.emcee.core.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The segments of a chain as a backend keeps them: the ones stored, and how the steps saved next
 * are made (declared by the sampler at the start of a run), which open a new segment at the first
 * of them when needed. Not thread-safe; backends call it under their own lock.
 */
final class Segments {
  /** Block flag: moves were allowed to tune themselves. */
  static final int TUNE = 1;

  /** Block flag: the block's first step is its segment's first step. */
  static final int STARTS = 2;

  /** Block flag: that first step follows the previous segment's last step. */
  static final int FOLLOWS = 4;

  private final List<ChainSegment> list = new ArrayList<>();
  private int thinBy = 1;
  private boolean tune;
  private boolean follows = true;

  /** Forgets every segment and declaration (a new chain). */
  void clear() {
    list.clear();
    thinBy = 1;
    tune = false;
    follows = true;
  }

  /** How the steps saved from now on are made. */
  void declare(int thinBy, boolean tune, boolean follows) {
    this.thinBy = thinBy;
    this.tune = tune;
    this.follows = follows;
  }

  /** Whether saving step {@code step} (the chain's next) opens a segment. */
  boolean opensAt(int step) {
    if (list.isEmpty()) {
      return true;
    }
    ChainSegment last = list.get(list.size() - 1);
    return step > last.firstStep() && (!follows || last.thinBy() != thinBy || last.tune() != tune);
  }

  /** Records the segment of step {@code step} as it is saved: a new one if it opens one. */
  ChainSegment saved(int step) {
    if (opensAt(step)) {
      list.add(new ChainSegment(step, thinBy, tune, follows && !list.isEmpty()));
    }
    follows = true; // the steps after this one follow it
    return list.get(list.size() - 1);
  }

  /** The flags of a block whose first step is {@code first}, of segment {@code s}. */
  static int flags(ChainSegment s, int first) {
    return (s.tune() ? TUNE : 0)
        | (s.firstStep() == first ? STARTS : 0)
        | (s.follows() ? FOLLOWS : 0);
  }

  /** Takes the segment of a block read from a file: its first step, thinBy and flags. */
  void read(int first, int thinBy, int flags) {
    if (list.isEmpty() || (flags & STARTS) != 0) {
      list.add(
          new ChainSegment(
              first, Math.max(1, thinBy), (flags & TUNE) != 0, (flags & FOLLOWS) != 0));
    }
  }

  /** Takes the one segment of a chain stored by a format that records none. */
  void single(int thinBy) {
    list.clear();
    list.add(new ChainSegment(0, thinBy, false, false));
  }

  /** The last segment; there must be one. */
  ChainSegment last() {
    return list.get(list.size() - 1);
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** The declared thinBy and tune differ from those of the last segment. */
  boolean changesSettings() {
    if (list.isEmpty()) {
      return false;
    }
    ChainSegment last = last();
    return last.thinBy() != thinBy || last.tune() != tune;
  }

  /** The segments, from the first. */
  List<ChainSegment> list() {
    return List.copyOf(list);
  }
}
