package io.emcee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/ERRORS.md against every module's {@code src/main}: each code used is documented once, each
 * documented code is used, and the modules that throw a code are the ones its row names, so a
 * module cannot give an existing code a second meaning without the table saying so. pool-testkit
 * only checks codes the pools throw and is not counted as throwing them.
 */
class ErrorCodesTest {
  private static final Pattern CODE = Pattern.compile("EMCEE-[A-Z][0-9]{3}");
  private static final Pattern ROW = Pattern.compile("^\\| (EMCEE-[A-Z][0-9]{3}) \\| ([^|]*) \\|");
  private static final Pattern MODULE = Pattern.compile("`([a-z0-9-]+)`");
  private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
  private static final Set<String> CHECKS_ONLY = Set.of("pool-testkit");

  /** Every code in each module's main sources, anywhere (comments too): code -> files. */
  private static final Map<String, Set<String>> MENTIONED = new TreeMap<>();

  /** The modules whose main sources hold each code in a string literal: code -> modules. */
  private static final Map<String, Set<String>> THROWN = new TreeMap<>();

  static {
    Path root = ReadmeFactsTest.root();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main"))).toList()) {
        String name = module.getFileName().toString();
        try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
          for (Path f :
              files
                  .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".kt"))
                  .toList()) {
            scan(name, root.relativize(f).toString(), Files.readString(f));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void scan(String module, String file, String text) {
    Matcher any = CODE.matcher(text);
    while (any.find()) {
      MENTIONED.computeIfAbsent(any.group(), c -> new TreeSet<>()).add(file);
    }
    if (CHECKS_ONLY.contains(module)) {
      return;
    }
    Matcher literal = LITERAL.matcher(withoutComments(text));
    while (literal.find()) {
      Matcher code = CODE.matcher(literal.group());
      while (code.find()) {
        THROWN.computeIfAbsent(code.group(), c -> new TreeSet<>()).add(module);
      }
    }
  }

  /** The text with comments blanked (strings keep their content; a quote in a comment is gone). */
  static String withoutComments(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '"' && text.charAt(end) != '\n') {
          end += text.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, text.length());
        out.append(text, i, end);
        i = end;
      } else if (text.startsWith("//", i)) {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? text.length() : end + 2;
        for (int k = i; k < end; k++) {
          out.append(text.charAt(k) == '\n' ? '\n' : ' ');
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * The table's rows: code -> the modules its "Thrown in" column names (codes listed twice too).
   */
  private static Map<String, List<Set<String>>> documented() throws IOException {
    Map<String, List<Set<String>>> rows = new TreeMap<>();
    for (String line :
        Files.readAllLines(
            ReadmeFactsTest.root().resolve("docs/ERRORS.md"), StandardCharsets.UTF_8)) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        Set<String> modules = new TreeSet<>();
        Matcher m = MODULE.matcher(row.group(2));
        while (m.find()) {
          modules.add(m.group(1));
        }
        rows.computeIfAbsent(row.group(1), c -> new ArrayList<>()).add(modules);
      }
    }
    return rows;
  }

  @Test
  void theScanFindsCodesInEveryKindOfSource() {
    // A scan that found nothing would pass every check below.
    assertTrue(THROWN.containsKey("EMCEE-I013"), THROWN::toString); // emcee-core
    assertTrue(THROWN.containsKey("EMCEE-P005"), THROWN::toString); // PoolErrors, emcee-api
    assertTrue(THROWN.containsKey("EMCEE-C030"), THROWN::toString); // emcee-cli
    assertTrue(THROWN.containsKey("EMCEE-I040"), THROWN::toString); // Kotlin too
    assertEquals(
        " ".repeat(18) + "\"EMCEE-X001\" \n    ",
        withoutComments("/* \"EMCEE-Y001\" */\"EMCEE-X001\" // \"EMCEE-Z001\"\n/**/"));
  }

  @Test
  void everyCodeInTheSourcesIsDocumented() throws IOException {
    Set<String> missing = new TreeSet<>(MENTIONED.keySet());
    missing.removeAll(documented().keySet());
    assertTrue(
        missing.isEmpty(),
        () -> "codes used in the sources but not in docs/ERRORS.md: " + where(missing));
  }

  @Test
  void everyDocumentedCodeIsListedOnceAndUsed() throws IOException {
    Map<String, List<Set<String>>> rows = documented();
    List<String> twice = new ArrayList<>();
    rows.forEach(
        (code, r) -> {
          if (r.size() > 1) {
            twice.add(code);
          }
        });
    assertTrue(twice.isEmpty(), () -> "docs/ERRORS.md lists these codes more than once: " + twice);
    Set<String> unused = new TreeSet<>(rows.keySet());
    unused.removeAll(MENTIONED.keySet());
    assertTrue(unused.isEmpty(), () -> "docs/ERRORS.md lists codes no source uses: " + unused);
  }

  @Test
  void eachCodeIsThrownOnlyByTheModulesItsRowNames() throws IOException {
    Map<String, List<Set<String>>> rows = documented();
    List<String> wrong = new ArrayList<>();
    THROWN.forEach(
        (code, modules) -> {
          List<Set<String>> r = rows.get(code);
          if (r != null && !r.get(0).equals(modules)) {
            wrong.add(code + " is thrown in " + modules + " but documented for " + r.get(0));
          }
        });
    assertTrue(
        wrong.isEmpty(),
        () ->
            "a code thrown in a module its row does not name may have a second meaning there;"
                + " give that meaning a new code, or name the module in docs/ERRORS.md if the"
                + " meaning is the same: "
                + wrong);
  }

  private static String where(Set<String> codes) {
    List<String> out = new ArrayList<>();
    for (String c : codes) {
      out.add(c + " " + MENTIONED.get(c));
    }
    return String.join(", ", out);
  }
}
