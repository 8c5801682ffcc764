package io.emcee.core;

import io.emcee.api.EmceeException;
import io.emcee.core.moves.Move;
import io.emcee.core.moves.StretchMove;
import io.emcee.core.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

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

  /**
   * Checks one move of a schedule and its weight.
   *
   * @param move the move, null when a caller passed none
   * @param weight its weight
   * @param position where it goes in the schedule
   * @return the move
   * @throws EmceeException (EMCEE-M021) for a null move; (EMCEE-M003) for a weight that is not
   *     positive and finite
   */
  static Move checkMove(@Nullable Move move, double weight, int position) {
    if (move == null) {
      throw new EmceeException(
          "EMCEE-M021",
          "a move is null (at position "
              + position
              + "); pass move objects such as new StretchMove(), or no move for the default");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new EmceeException(
          "EMCEE-M003",
          "the weight of "
              + move
              + " is "
              + weight
              + " but must be positive and finite; leave a move out rather than weigh it 0");
    }
    return move;
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
