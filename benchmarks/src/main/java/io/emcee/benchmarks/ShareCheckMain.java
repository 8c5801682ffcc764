package io.emcee.benchmarks;

import io.emcee.api.Pool;
import io.emcee.api.Pools;
import io.emcee.api.RowFunction;
import io.emcee.api.spi.support.Batches;
import io.emcee.api.spi.support.ChunkPlan;
import io.emcee.api.spi.support.CostOrder;
import io.emcee.api.spi.support.RowCosts;
import io.emcee.api.spi.support.Scatter;
import io.emcee.core.Ensemble;
import io.emcee.core.Sampler;
import java.util.Locale;

/**
 * How close the grids' shares of equal predicted cost can come to the ideal, with no message, no
 * wake-up and no other process in the way: the scale benchmark's walkers and cost shapes, each map
 * cut into N shares by {@link CostOrder#shares} exactly as a grid master cuts it, and the map's
 * time taken as its slowest share's total cost. Beside it the same for equal shares in walker
 * order, and the whole-evaluation ideal (largest first, knowing every cost). Nothing waits: the
 * costs are the shapes' nominal ones, so a thousand steps take seconds.
 *
 * <pre>
 * bin/benchmark ShareCheckMain [--processes 9,17] [--steps 1000]
 * </pre>
 *
 * <p>Prints one line per shape and N: efficiency against the strict ideal (total cost / N) of the
 * whole-evaluation schedule, of shares by predicted cost and of equal shares, and the fraction of
 * rows predicted at under half their cost (a slow row taken for a quick one ends its share late).
 */
public final class ShareCheckMain {
  private ShareCheckMain() {}

  /**
   * Runs the check.
   *
   * @param args {@code --processes 9,17}, {@code --steps 1000}
   */
  public static void main(String[] args) {
    String processes = "9,17";
    int steps = 1000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--processes" -> processes = args[i + 1];
        case "--steps" -> steps = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --processes 9,17 or --steps 1000");
      }
    }
    System.out.println(
        "| shape | N | whole evaluations | shares by predicted cost | equal shares"
            + " | rows predicted under half their cost |");
    System.out.println("|---|---|---|---|---|---|");
    for (String n : processes.split(",")) {
      for (CostShape shape :
          new CostShape[] {CostShape.FEW_SLOW, CostShape.HALF_SLOW, CostShape.RAMP}) {
        Shares shares = new Shares(shape, Integer.parseInt(n.trim()));
        Sampler.builder()
            .seed(42)
            .build()
            .run(
                new Ensemble(
                    GaussianModel.STANDARD_NORMAL,
                    LocalPoolSpeedupMain.start(ScaleRunMain.WALKERS, ScaleRunMain.NDIM),
                    shares),
                steps);
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.3f | %.3f | %.3f | %.4f |%n",
            shape.label(),
            n.trim(),
            shares.strict / shares.whole,
            shares.strict / shares.byCost,
            shares.strict / shares.equal,
            (double) shares.mistaken / Math.max(1, shares.rows));
      }
    }
  }

  /**
   * A pool that evaluates here and adds up, for each map, the slowest share's nominal cost when the
   * map is cut by {@link CostOrder#shares} by predicted cost and in equal shares, and the ideals.
   */
  private static final class Shares implements Pool {
    private final CostShape shape;
    private final int parts;
    private final CostOrder order = new CostOrder();
    private final ChunkPlan plan = new ChunkPlan(0);
    private final IdealClock ideal;
    private final RowCosts mirror = new RowCosts(RowCosts.MAPS);
    private double[] row = new double[0];
    private long[] nominal = new long[0];
    private long[] predicted = new long[0];
    private int[] predictedOrder = new int[0];
    double strict;
    double whole;
    double byCost;
    double equal;
    long rows;
    long mistaken;

    Shares(CostShape shape, int parts) {
      this.shape = shape;
      this.parts = parts;
      this.ideal = new IdealClock(Pools.serial(), shape, parts, ScaleRunMain.NDIM);
    }

    @Override
    public void map(
        RowFunction function,
        double[] inputs,
        int inputWidth,
        int count,
        double[] outputs,
        int outputWidth) {
      if (row.length != inputWidth) {
        row = new double[inputWidth];
      }
      if (nominal.length < count) {
        nominal = new long[count];
        predicted = new long[count];
        predictedOrder = new int[count];
      }
      for (int i = 0; i < count; i++) {
        System.arraycopy(inputs, i * inputWidth, row, 0, inputWidth);
        nominal[i] = shape.nanos(row);
      }
      ideal.reset();
      ideal.map(function, inputs, inputWidth, count, outputs, outputWidth);
      plan.ownRows(CostShape.BASE_NANOS * count, count); // rows worth timing and predicting
      // The same prediction as the one the shares are cut by, to count the rows it mistook.
      boolean mirrored =
          mirror.pays(plan.rowNanos(), inputWidth)
              && mirror.order(inputs, inputWidth, count, predictedOrder, predicted);
      mirror.record(inputs, inputWidth, nominal, count);
      long before = order.sharedMaps();
      double[] slowest = {0};
      order.shares(
          plan,
          function,
          inputs,
          inputWidth,
          count,
          outputs,
          outputWidth,
          "here",
          parts,
          true,
          (in, out, rowNanos, bounds) -> {
            Batches.evaluate(function, in, inputWidth, out, outputWidth, 0, count, 0, "here");
            for (int p = 0; p < Math.min(count, parts); p++) {
              long share = 0;
              for (int k = bounds[p]; k < bounds[p + 1]; k++) {
                System.arraycopy(in, k * inputWidth, row, 0, inputWidth);
                rowNanos[k] = shape.nanos(row); // as a worker would time it
                share += rowNanos[k];
              }
              slowest[0] = Math.max(slowest[0], share);
            }
          });
      if (order.sharedMaps() == before || !mirrored) {
        return; // no prediction yet: the first maps only teach the predictor
      }
      strict += ideal.idealNanos();
      whole += ideal.wholeNanos();
      byCost += slowest[0];
      equal += equalShares(count);
      for (int k = 0; k < count; k++) {
        mistaken += 2 * predicted[k] < nominal[predictedOrder[k]] ? 1 : 0;
      }
      rows += count;
    }

    /** The slowest of {@code parts} equal shares in walker order, as {@link Scatter} cuts them. */
    private double equalShares(int count) {
      int n = Math.min(count, parts);
      long slowest = 0;
      for (int p = 0; p < n; p++) {
        long share = 0;
        for (int i = Scatter.start(count, n, p); i < Scatter.start(count, n, p + 1); i++) {
          share += nominal[i];
        }
        slowest = Math.max(slowest, share);
      }
      return slowest;
    }

    @Override
    public String getName() {
      return "shares";
    }

    @Override
    public void close() {}
  }
}
