package io.emcee.cli;

import io.emcee.api.EmceeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the points of {@code fit-line --data}: {@code x,y,yerr} per line. */
final class LineData {
  private LineData() {}

  /**
   * Reads {@code file}: one {@code x,y,yerr} per line, blank lines and lines starting with {@code
   * #} skipped, and a first line that is not numbers taken as a header.
   *
   * @throws EmceeException C030 when there is no such file, C011 when a line is not three numbers,
   *     an error is not positive, or fewer than three points remain
   */
  static TutorialLine read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new EmceeException(
          "EMCEE-C030", "no data file at " + file + "; name a CSV file of x,y,yerr lines");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EmceeException("EMCEE-C010", "cannot read " + file + ": " + e.getMessage(), e);
    }
    List<double[]> rows = new ArrayList<>();
    boolean first = true;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\\s*,\\s*");
      double[] row = new double[3];
      boolean numbers = cells.length == 3;
      for (int c = 0; numbers && c < 3; c++) {
        try {
          row[c] = Double.parseDouble(cells[c]);
        } catch (NumberFormatException e) {
          numbers = false;
        }
      }
      if (!numbers) {
        if (first) {
          first = false;
          continue;
        }
        throw bad(file, n, "expected three numbers x,y,yerr, got '" + line + "'");
      }
      first = false;
      if (!(row[2] > 0) || !Double.isFinite(row[0] + row[1] + row[2])) {
        throw bad(file, n, "x and y must be finite and yerr positive, got '" + line + "'");
      }
      rows.add(row);
    }
    if (rows.size() < 3) {
      throw new EmceeException(
          "EMCEE-C011", file + " has " + rows.size() + " points; a line needs at least 3");
    }
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    double[] yerr = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = rows.get(i)[0];
      y[i] = rows.get(i)[1];
      yerr[i] = rows.get(i)[2];
    }
    return new TutorialLine(x, y, yerr);
  }

  private static EmceeException bad(Path file, int index, String what) {
    return new EmceeException("EMCEE-C011", file + " line " + (index + 1) + ": " + what);
  }
}
