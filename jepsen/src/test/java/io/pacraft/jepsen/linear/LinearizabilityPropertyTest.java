package io.pacraft.jepsen.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.jepsen.edn.EdnWriter;
import io.pacraft.jepsen.elle.ListAppendChecker;
import io.pacraft.jepsen.elle.ListAppendResult;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.linear.HistoryGenerator.Workload;
import io.pacraft.jepsen.model.KeyValue;
import io.pacraft.jepsen.model.ListAppend;
import io.pacraft.jepsen.model.Model;
import io.pacraft.jepsen.model.MultiRegister;
import io.pacraft.jepsen.model.Mutex;
import io.pacraft.jepsen.model.Register;
import io.pacraft.jepsen.model.SetModel;
import io.pacraft.jepsen.verdict.Verdict;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random small concurrent histories, valid by construction, and mutations of them: the search's
 * verdict must match a brute-force search over all orders. {@code -Dproperty.histories=N} runs N
 * histories per workload (default 1500), each loop bounded by a time budget as well.
 */
class LinearizabilityPropertyTest {
  private static final int HISTORIES = Integer.getInteger("property.histories", 1500);
  private static final long BUDGET_NANOS = Long.getLong("property.seconds", 20) * 1_000_000_000L;

  private static Model modelFor(Workload w) {
    return switch (w) {
      case CAS_REGISTER -> Register.withCas(0L);
      case MUTEX -> new Mutex(false);
      case MULTI_REGISTER -> new MultiRegister(0L);
      case LIST_APPEND -> new ListAppend();
      case KV -> new KeyValue(null);
      case SET -> new SetModel(null);
    };
  }

  @ParameterizedTest
  @EnumSource(Workload.class)
  void searchAgreesWithBruteForce(Workload workload) throws Exception {
    for (CasFailure casFailure : CasFailure.values()) {
      if (workload != Workload.CAS_REGISTER && casFailure == CasFailure.DEFINITE) {
        continue;
      }
      Model model = modelFor(workload);
      Linearizability.Options options = Linearizability.Options.defaults().withThreads(1)
          .withCasFailure(casFailure);
      long start = System.nanoTime();
      int valid = 0;
      int invalid = 0;
      int checked = 0;
      for (int i = 0; i < HISTORIES && System.nanoTime() - start < BUDGET_NANOS; i++) {
        int seed = i;
        HistoryGenerator gen = new HistoryGenerator(seed, workload, model, casFailure);
        History h = gen.generate(2 + seed % 3, 3 + seed % 5);
        LinearizabilityResult r = Linearizability.check(h, model, options);
        assertThat(r.verdict()).as(() -> "seed " + seed + ": " + r.reason() + "\n" + edn(h))
            .isEqualTo(Verdict.VALID);
        assertThat(new BruteForce(h, model, casFailure).linearizable()).isTrue();
        History m = gen.mutate(h);
        boolean expected = new BruteForce(m, model, casFailure).linearizable();
        LinearizabilityResult rm = Linearizability.check(m, model, options);
        assertThat(rm.verdict()).as(() -> "mutated seed " + seed + ": " + rm.reason() + "\n"
            + edn(m)).isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
        if (!expected) {
          invalid++;
          assertThat(rm.counterexample()).isPresent();
        } else {
          valid++;
        }
        checked++;
      }
      assertThat(checked).as("histories checked within the budget").isGreaterThan(100);
      assertThat(invalid).as("mutations that broke linearizability").isGreaterThan(checked / 20);
      assertThat(valid).as("mutations that kept it linearizable").isGreaterThan(checked / 20);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Workload.class, names = "LIST_APPEND")
  void listAppendAnomaliesImplyNoStrictlySerializableOrder(Workload workload) throws Exception {
    Model model = modelFor(workload);
    long start = System.nanoTime();
    int anomalous = 0;
    int checked = 0;
    for (int seed = 0; seed < HISTORIES && System.nanoTime() - start < BUDGET_NANOS; seed++) {
      HistoryGenerator gen = new HistoryGenerator(seed, workload, model, CasFailure.DROP);
      History h = gen.generate(2 + seed % 3, 3 + seed % 6);
      ListAppendResult valid = ListAppendChecker.check(h);
      assertThat(valid.verdict()).as(() -> valid.explanation() + "\n" + edn(h))
          .isEqualTo(Verdict.VALID);
      History m = gen.mutate(h);
      ListAppendResult r;
      try {
        r = ListAppendChecker.check(m);
      } catch (IllegalArgumentException duplicateAppend) {
        continue;
      }
      boolean serializable = new BruteForce(m, model, CasFailure.DROP).linearizable();
      if (!r.isValid()) {
        anomalous++;
        ListAppendResult shown = r;
        assertThat(serializable).as(() -> "Elle reported " + shown.explanation()
            + " but an order exists:\n" + edn(m)).isFalse();
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(100);
    assertThat(anomalous).isGreaterThan(checked / 20);
  }

  private static String edn(History h) {
    StringWriter w = new StringWriter();
    try {
      EdnWriter.write(h, w);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }
}
