package io.pacraft.jepsen.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.jepsen.KnossosCorpus;
import io.pacraft.jepsen.edn.HistoryEdn;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.model.Model;
import io.pacraft.jepsen.model.ModelKind;
import io.pacraft.jepsen.model.Mutex;
import io.pacraft.jepsen.model.MultiRegister;
import io.pacraft.jepsen.model.Register;
import io.pacraft.jepsen.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every verdict the Knossos test suite asserts on its own example histories. */
class KnossosCorpusTest {
  private static final Linearizability.Options OPTIONS =
      Linearizability.Options.defaults().withTimeLimit(Duration.ofSeconds(60));

  static Stream<Path> goodCasRegister() throws Exception {
    return KnossosCorpus.files("cas-register/good").stream();
  }

  static Stream<Path> badCasRegister() throws Exception {
    return KnossosCorpus.files("cas-register/bad").stream();
  }

  @ParameterizedTest
  @MethodSource("goodCasRegister")
  void goodCasRegisterHistoriesAreLinearizable(Path file) throws Exception {
    LinearizabilityResult r = Linearizability.check(HistoryEdn.read(file),
        Register.withCas(0L), OPTIONS);
    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.VALID);
  }

  @ParameterizedTest
  @MethodSource("badCasRegister")
  void badCasRegisterHistoriesAreNot(Path file) throws Exception {
    String name = file.getFileName().toString();
    Object initial = name.startsWith("rethink-fail-") ? null : 0L;
    LinearizabilityResult r = Linearizability.check(HistoryEdn.read(file),
        Register.withCas(initial), OPTIONS);
    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.INVALID);
    assertThat(r.counterexample()).isPresent();
  }

  @Test
  void badCasRegisterHistoriesAreAlsoInvalidFromZero() throws Exception {
    for (Path file : KnossosCorpus.files("cas-register/bad")) {
      LinearizabilityResult r = Linearizability.check(HistoryEdn.read(file),
          Register.withCas(0L), OPTIONS);
      assertThat(r.verdict()).as(file + ": " + r.reason()).isEqualTo(Verdict.INVALID);
    }
  }

  @Test
  void badAnalysisFailsAsAPlainRegisterToo() throws Exception {
    History h = HistoryEdn.read(KnossosCorpus.root().resolve("cas-register/bad/bad-analysis.edn"));
    assertThat(Linearizability.check(h, Register.plain(0L), OPTIONS).verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void failuresAreReportedWhereKnossosReportsThem() throws Exception {
    assertThat(blockedIndex("immediate-failure.edn", 0L)).isEqualTo(3);
    assertThat(blockedIndex("rethink-fail-minimal.edn", null)).isEqualTo(4);
    assertThat(blockedIndex("cas-failure.edn", 0L)).isEqualTo(491);
  }

  @Test
  void casFailureNamesTheRead() throws Exception {
    History h = HistoryEdn.read(KnossosCorpus.root().resolve("cas-register/bad/cas-failure.edn"));
    Counterexample cx = Linearizability.check(h, Register.withCas(0L), OPTIONS)
        .counterexample().orElseThrow();
    assertThat(cx.blockedOp().process()).isEqualTo(70L);
    assertThat(cx.blockedOp().f()).isEqualTo("read");
    assertThat(cx.blockedOp().value()).isEqualTo(0L);
    assertThat(cx.longestPrefix()).isNotEmpty();
  }

  @Test
  void multiRegisterHistoryIsLinearizable() throws Exception {
    Path file = KnossosCorpus.files("multi-register/good").get(0);
    Model m = new MultiRegister(Map.of(Keyword.of("x"), 0L, Keyword.of("y"), 0L));
    LinearizabilityResult r = Linearizability.check(HistoryEdn.read(file), m, OPTIONS);
    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.VALID);
    assertThat(Linearizability.check(HistoryEdn.read(file), new MultiRegister(0L), OPTIONS)
        .verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void etcdMutexHistoryIsNotAMutex() throws Exception {
    Path file = KnossosCorpus.files("mutex/bad").get(0);
    History h = HistoryEdn.read(file);
    assertThat(ModelKind.infer(h)).isEqualTo(ModelKind.MUTEX);
    LinearizabilityResult r = Linearizability.check(h, new Mutex(false), OPTIONS);
    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.INVALID);
  }

  private static long blockedIndex(String file, Object initial) throws Exception {
    History h = HistoryEdn.read(KnossosCorpus.root().resolve("cas-register/bad/" + file));
    return Linearizability.check(h, Register.withCas(initial), OPTIONS).counterexample()
        .orElseThrow().blockedOp().index();
  }
}
