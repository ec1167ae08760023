package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pacraft check} as a user runs it: files in, one line per file and an exit code out. */
class CheckCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new CheckCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private Path file(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void validHistoryExitsZero() throws Exception {
    Path f = file("ok.edn", "[{:process 0 :type :invoke :f :write :value 1}"
        + " {:process 0 :type :ok :f :write :value 1}"
        + " {:process 1 :type :invoke :f :read :value nil}"
        + " {:process 1 :type :ok :f :read :value 1}]");
    assertThat(run(f.toString())).isEqualTo(0);
    assertThat(lines()).containsExactly("valid " + f);
  }

  @Test
  void invalidHistoryExitsOneAndSaysWhy() throws Exception {
    Path f = file("bad.edn", "[[0 :invoke :read nil] [0 :ok :read 3]]");
    assertThat(run("--initial", "0", f.toString())).isEqualTo(1);
    assertThat(lines()).singleElement().asString()
        .startsWith("INVALID " + f + ": not linearizable as cas-register: cannot linearize"
            + " {:index 1, :process 0, :type :ok, :f :read, :value 3}");
    out.reset();
    assertThat(run("--initial=3", f.toString())).isEqualTo(0);
  }

  @Test
  void unreadableOrUndecidableFilesExitTwo() throws Exception {
    Path broken = file("broken.edn", "[{:process 0 :type :invoke :f :read\n :value nil]");
    Path missing = dir.resolve("missing.edn");
    Path good = file("good.edn", "[]");
    assertThat(run(broken.toString(), missing.toString(), good.toString())).isEqualTo(2);
    assertThat(lines()).containsExactly(
        "unknown " + broken + ": malformed EDN at line 2, column 12: expected '}' but found ']'",
        "unknown " + missing + ": no such file",
        "valid " + good);
  }

  @Test
  void invalidWinsOverUnknown() throws Exception {
    Path bad = file("bad.edn", "[[0 :invoke :read nil] [0 :ok :read 3]]");
    Path other = file("other.edn", "[[0 :invoke :frobnicate nil]]");
    assertThat(run("--initial", "0", bad.toString(), other.toString())).isEqualTo(1);
    assertThat(lines().get(1)).startsWith("unknown " + other + ": cannot tell the model");
  }

  @Test
  void modelOptionsAreHonoured() throws Exception {
    Path mutex = file("mutex.edn", "[[0 :invoke :acquire nil] [0 :ok :acquire nil]"
        + " [1 :invoke :acquire nil] [1 :ok :acquire nil]]");
    assertThat(run(mutex.toString())).isEqualTo(1);
    out.reset();
    Path cas = file("cas.edn", "[[0 :invoke :cas [0 1]] [0 :fail :cas [0 1]]]");
    assertThat(run("--model", "cas-register", "--initial", "0", cas.toString())).isEqualTo(0);
    assertThat(run("--initial", "0", "--cas-fail", "definite", cas.toString())).isEqualTo(1);
    out.reset();
    Path multi = file("multi.edn", "[[0 :invoke :txn [[:read :x nil]]] [0 :ok :txn [[:read :x 0]]]]");
    assertThat(run("--initial", "{:x 0}", multi.toString())).isEqualTo(0);
    assertThat(run("--model", "register", multi.toString())).isEqualTo(2);
  }

  @Test
  void listAppendHistoriesGetTheAnomalyChecker() throws Exception {
    Path f = file("la.edn", """
        [{:process 0 :type :invoke :f :txn :value [[:append :x 1]]}
         {:process 0 :type :ok :f :txn :value [[:append :x 1]]}
         {:process 1 :type :invoke :f :txn :value [[:r :x nil]]}
         {:process 1 :type :ok :f :txn :value [[:r :x []]]}
         {:process 2 :type :invoke :f :txn :value [[:r :x nil]]}
         {:process 2 :type :ok :f :txn :value [[:r :x [1]]]}]
        """);
    assertThat(run("--explain", f.toString())).isEqualTo(1);
    assertThat(lines().get(0)).isEqualTo("INVALID " + f + ": G-single-realtime:"
        + " T3 -rw :x-> T1 -realtime-> T3");
    assertThat(lines()).anyMatch(l -> l.contains("T1 {:index 1, :process 0, :type :ok"));
  }

  @Test
  void reportWritesATimeline() throws Exception {
    Path f = file("bad.edn", "[[0 :invoke :write 1] [1 :invoke :read nil] [1 :ok :read 2]"
        + " [0 :ok :write 1]]");
    Path reports = dir.resolve("reports");
    assertThat(run("--report", reports.toString(), "--explain", f.toString())).isEqualTo(1);
    Path page = reports.resolve("bad.edn.html");
    assertThat(Files.readString(page)).contains("<svg", "cannot linearize");
    assertThat(lines()).contains("  timeline: " + page);
  }

  @Test
  void badOptionsExitTwoWithUsage() {
    assertThat(run("--model", "queue", "x.edn")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown model 'queue'");
    assertThat(run("--time-limit", "-1", "x.edn")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("--help")).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--cas-fail");
  }

  @Test
  void picocliRunsTheSameCommand() throws Exception {
    Path bad = file("bad.edn", "[[0 :invoke :read nil] [0 :ok :read 3]]");
    PrintStream saved = System.out;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(Main.commandLine().execute("check", "--initial", "0", bad.toString()))
          .isEqualTo(1);
      assertThat(Main.commandLine().execute("check", "--initial=3", bad.toString()))
          .isEqualTo(0);
      assertThat(Main.commandLine().execute("help")).isEqualTo(0);
    } finally {
      System.setOut(saved);
    }
    assertThat(lines().get(0)).startsWith("INVALID " + bad);
    assertThat(lines().get(1)).isEqualTo("valid " + bad);
    assertThat(lines()).anyMatch(l -> l.trim().startsWith("check "));
  }

  @Test
  void wholeKnossosCorpusInOneCall() throws Exception {
    Path corpus = corpus();
    List<String> args = new ArrayList<>(List.of("--initial", "0"));
    try (Stream<Path> files = Files.walk(corpus)) {
      files.filter(p -> p.toString().endsWith(".edn")).sorted()
          .forEach(p -> args.add(p.toString()));
    }
    assertThat(run(args.toArray(new String[0]))).isEqualTo(1);
    List<String> invalid = lines().stream().filter(l -> l.startsWith("INVALID")).toList();
    assertThat(invalid).hasSize(8)
        .allMatch(l -> l.contains("/bad/"));
    assertThat(lines()).hasSize(args.size() - 2).filteredOn(l -> l.startsWith("valid"))
        .hasSize(args.size() - 2 - 8);
  }

  private static Path corpus() {
    Path d = Path.of("").toAbsolutePath();
    for (int i = 0; i < 6 && d != null; i++, d = d.getParent()) {
      for (String candidate : new String[] {"jepsen/src/test/resources/knossos", "shared/histories/knossos"}) {
        if (Files.isDirectory(d.resolve(candidate).resolve("cas-register"))) {
          return d.resolve(candidate);
        }
      }
    }
    throw new IllegalStateException("the Knossos corpus (jepsen/src/test/resources/knossos) not found");
  }
}
