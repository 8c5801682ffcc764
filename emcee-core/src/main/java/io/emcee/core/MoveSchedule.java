package io.emcee.core;

import io.emcee.core.moves.Move;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import java.util.ArrayList;
import java.util.List;

/** The sampler's weighted moves, and the draw that picks one for each step. */
final class MoveSchedule {
  private final List<Move> moves;
  private final List<Double> weights;
  private final double[] cumulativeWeights;

  /** The given moves and weights, or emcee's default stretch move when there are none. */
  MoveSchedule(List<Move> moves, List<Double> weights) {
    List<Move> ms = new ArrayList<>(moves);
    List<Double> ws = new ArrayList<>(weights);
    if (ms.isEmpty()) {
      ms.add(new StretchMove());
      ws.add(1.0);
    }
    this.moves = List.copyOf(ms);
    this.weights = List.copyOf(ws);
    this.cumulativeWeights = cumulative(ws);
  }

  /**
   * The running sums of the weights, normalised to end at 1. Weights whose sum overflows (two of
   * {@code Double.MAX_VALUE}) are scaled by the largest first; others are used as given, so the
   * sums, and the chains, stay what they were.
   */
  private static double[] cumulative(List<Double> weights) {
    double max = 0;
    double total = 0;
    for (double w : weights) {
      max = Math.max(max, w);
      total += w;
    }
    double scale = Double.isInfinite(total) ? max : 1;
    if (scale != 1) {
      total = 0;
      for (double w : weights) {
        total += w / scale;
      }
    }
    double[] out = new double[weights.size()];
    double running = 0;
    for (int i = 0; i < out.length; i++) {
      running += weights.get(i) / scale / total;
      out[i] = running;
    }
    return out;
  }

  List<Move> moves() {
    return moves;
  }

  List<Double> weights() {
    return weights;
  }

  /** Checks that every move can work on an ensemble of this shape. */
  void validate(int nwalkers, int ndim) {
    for (Move move : moves) {
      move.validate(nwalkers, ndim);
    }
  }

  /** The move for the next step: drawn by weight, with no draw when there is one move. */
  Move pick(RandomStream random) {
    if (cumulativeWeights.length == 1) {
      return moves.get(0);
    }
    double u = random.nextDouble();
    for (int i = 0; i < cumulativeWeights.length - 1; i++) {
      if (u < cumulativeWeights[i]) {
        return moves.get(i);
      }
    }
    return moves.get(cumulativeWeights.length - 1);
  }
}
