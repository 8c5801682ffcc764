package io.emcee.cli;

import io.emcee.api.EmceeException;
import io.emcee.core.Chain;
import io.emcee.core.storage.ChainBackend;
import io.emcee.core.storage.FileBackend;
import io.emcee.hdf5.EmceeHdf5;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Opens a chain named on the command line: our chain file or emcee's HDF5 file. */
final class ChainFiles {
  /** The first eight bytes of every HDF5 file. */
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private ChainFiles() {}

  /**
   * Opens {@code file} for reading: an HDF5 file (by its signature) is read whole in emcee's
   * layout, anything else as our chain file, read only.
   *
   * @throws EmceeException F004 when there is no such file, C010 when it cannot be read, F001 when
   *     it is neither kind, H codes for an HDF5 file without emcee's layout
   */
  static ChainBackend open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new EmceeException(
          "EMCEE-F004",
          Files.isDirectory(file)
              ? file + " is a directory, not a chain file"
              : "no chain file at " + file);
    }
    if (isHdf5(file)) {
      return EmceeHdf5.read(file);
    }
    try {
      return FileBackend.openReadOnly(file);
    } catch (EmceeException e) {
      if (!e.getCode().equals("EMCEE-F001")) {
        throw e;
      }
      throw new EmceeException(
          "EMCEE-F001",
          file + " is neither an emcee-jvm chain file nor an emcee HDF5 file; name a chain file",
          e);
    }
  }

  /** Whether {@code file} starts with the HDF5 signature. */
  static boolean isHdf5(Path file) {
    byte[] head = new byte[HDF5_SIGNATURE.length];
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(head, 0, head.length) == head.length
          && Arrays.equals(head, HDF5_SIGNATURE);
    } catch (IOException e) {
      throw new EmceeException("EMCEE-C010", "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses to overwrite: {@code EMCEE-C003} when {@code file} exists.
   *
   * @param file the output a command will create, or null for none
   * @param option the option that named it
   */
  static void checkNew(@Nullable Path file, String option) {
    if (file != null && Files.exists(file)) {
      throw new UsageException(
          "EMCEE-C003", option + " " + file + " exists; remove it or name a new file");
    }
  }

  /** The chain's parameter names, {@code x0, x1, ...} where it names none. */
  static List<String> names(Chain chain) {
    List<String> names = chain.getParameterNames();
    if (!names.isEmpty()) {
      return names;
    }
    List<String> generated = new ArrayList<>();
    for (int d = 0; d < chain.getDimension(); d++) {
      generated.add("x" + d);
    }
    return generated;
  }

  /** What kind of file this is, for the output. */
  static String kind(Path file) {
    return isHdf5(file) ? "emcee HDF5 file" : "chain file";
  }

  /** {@code file}'s name without its last extension. */
  static String stem(Path file) {
    String name = String.valueOf(file.getFileName());
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** {@code file} with its extension replaced by {@code extension} (lower case, no dot). */
  static Path withExtension(Path file, String extension) {
    return file.resolveSibling(stem(file) + "." + extension.toLowerCase(Locale.ROOT));
  }
}
