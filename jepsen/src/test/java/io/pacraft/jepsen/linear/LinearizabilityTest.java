package io.pacraft.jepsen.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.SyntheticHistory;
import io.pacraft.jepsen.model.KeyValue;
import io.pacraft.jepsen.model.MultiRegister;
import io.pacraft.jepsen.model.Register;
import io.pacraft.jepsen.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Knossos' semantics on small stories, keyed histories, limits and the failure report. */
class LinearizabilityTest {
  private static final Linearizability.Options ONE_THREAD =
      Linearizability.Options.defaults().withThreads(1);

  private static Verdict check(Object initial, CasFailure casFailure, Op... ops) {
    return Linearizability.check(History.of(List.of(ops)), Register.withCas(initial),
        ONE_THREAD.withCasFailure(casFailure)).verdict();
  }

  @Test
  void failedWriteDidNotHappen() {
    assertThat(check(0L, CasFailure.DROP,
        Op.invoke(0, "write", 1L), Op.fail(0, "write", 1L),
        Op.invoke(1, "read", null), Op.ok(1, "read", 1L))).isEqualTo(Verdict.INVALID);
  }

  @Test
  void indeterminateWriteMayHappenLaterOrNever() {
    Op[] later = {Op.invoke(0, "write", 1L), Op.info(0, "write", 1L),
        Op.invoke(1, "read", null), Op.ok(1, "read", 0L),
        Op.invoke(1, "read", null), Op.ok(1, "read", 1L)};
    assertThat(check(0L, CasFailure.DROP, later)).isEqualTo(Verdict.VALID);
    Op[] never = {Op.invoke(0, "cas", List.of(5L, 6L)), Op.info(0, "cas", List.of(5L, 6L)),
        Op.invoke(1, "read", null), Op.ok(1, "read", 0L)};
    assertThat(check(0L, CasFailure.DROP, never)).isEqualTo(Verdict.VALID);
    Op[] unmatched = {Op.invoke(0, "write", 2L), Op.invoke(1, "read", null),
        Op.ok(1, "read", 2L)};
    assertThat(check(0L, CasFailure.DROP, unmatched)).isEqualTo(Verdict.VALID);
    Op[] butNotBeforeInvoked = {Op.invoke(1, "read", null), Op.ok(1, "read", 1L),
        Op.invoke(0, "write", 1L), Op.info(0, "write", 1L)};
    assertThat(check(0L, CasFailure.DROP, butNotBeforeInvoked)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void readOfNilMatchesAnything() {
    assertThat(check(0L, CasFailure.DROP, Op.invoke(0, "read", null), Op.ok(0, "read", null)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void definiteCasFailureMeansTheValueDiffered() {
    Op[] refusedThoughEqual = {Op.invoke(0, "cas", List.of(0L, 1L)),
        Op.fail(0, "cas", List.of(0L, 1L))};
    assertThat(check(0L, CasFailure.DROP, refusedThoughEqual)).isEqualTo(Verdict.VALID);
    assertThat(check(0L, CasFailure.DEFINITE, refusedThoughEqual)).isEqualTo(Verdict.INVALID);
    Op[] refusedWhileAWriteRan = {Op.invoke(1, "write", 3L), Op.invoke(0, "cas", List.of(0L, 1L)),
        Op.fail(0, "cas", List.of(0L, 1L)), Op.ok(1, "write", 3L)};
    assertThat(check(0L, CasFailure.DEFINITE, refusedWhileAWriteRan)).isEqualTo(Verdict.VALID);
    // a failure carrying an error (a MOVED redirect, a refused connection) never ran: dropped
    Op[] redirected = {Op.invoke(0, "cas", List.of(0L, 1L)),
        Op.fail(0, "cas", List.of(0L, 1L)).withError(io.pacraft.jepsen.history.Keyword.of("moved"))};
    assertThat(check(0L, CasFailure.DEFINITE, redirected)).isEqualTo(Verdict.VALID);
  }

  @Test
  void malformedHistoriesAreRejected() {
    assertThatThrownBy(() -> check(0L, CasFailure.DROP, Op.ok(0, "read", 1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never invoked");
    assertThatThrownBy(() -> check(0L, CasFailure.DROP, Op.invoke(0, "read", null),
        Op.invoke(0, "read", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("still running");
    assertThatThrownBy(() -> check(0L, CasFailure.DROP, Op.invoke(0, "incr", 1L),
        Op.ok(0, "incr", 1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no operation :incr");
  }

  @Test
  void keyedHistoryIsCheckedPerKeyAndNamesTheBadKey() {
    List<Op> ops = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      ops.add(Op.invoke(k, "put", "v" + k).withKey("k" + k));
      ops.add(Op.ok(k, "put", "v" + k).withKey("k" + k));
      ops.add(Op.invoke(k, "append", "+").withKey("k" + k));
      ops.add(Op.ok(k, "append", (long) ("v" + k + "+").length()).withKey("k" + k));
      ops.add(Op.invoke(k, "get", null).withKey("k" + k));
      ops.add(Op.ok(k, "get", k == 37 ? "v37" : "v" + k + "+").withKey("k" + k));
    }
    LinearizabilityResult r = Linearizability.check(History.of(ops), new KeyValue(null),
        Linearizability.Options.defaults().withThreads(2));
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.partitions()).isEqualTo(50);
    Counterexample cx = r.counterexample().orElseThrow();
    assertThat(cx.key()).isEqualTo("k37");
    assertThat(cx.blockedOp().value()).isEqualTo("v37");
    assertThat(cx.longestPrefix()).extracting(c -> c.f()).containsExactly("put", "append");
    assertThat(cx.finalState()).isEqualTo("v37+");
    assertThat(r.reason()).contains("on key \"k37\"");
  }

  @Test
  void transactionsSplitByConnectedKeys() {
    Keyword x = Keyword.of("x");
    Keyword y = Keyword.of("y");
    Keyword z = Keyword.of("z");
    List<Op> ops = List.of(
        Op.invoke(0, "txn", List.of(List.of(Keyword.of("write"), x, 1L),
            List.of(Keyword.of("write"), y, 1L))),
        Op.ok(0, "txn", List.of(List.of(Keyword.of("write"), x, 1L),
            List.of(Keyword.of("write"), y, 1L))),
        Op.invoke(1, "txn", List.of(List.of(Keyword.of("write"), z, 5L))),
        Op.ok(1, "txn", List.of(List.of(Keyword.of("write"), z, 5L))),
        Op.invoke(2, "txn", List.of(java.util.Arrays.asList(Keyword.of("read"), y, null))),
        Op.ok(2, "txn", List.of(List.of(Keyword.of("read"), y, 1L))),
        Op.invoke(3, "txn", List.of(java.util.Arrays.asList(Keyword.of("read"), z, null))),
        Op.ok(3, "txn", List.of(List.of(Keyword.of("read"), z, 0L))));
    LinearizabilityResult r = Linearizability.check(History.of(ops), new MultiRegister(0L),
        ONE_THREAD);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.partitions()).isEqualTo(2);
    assertThat(r.counterexample().orElseThrow().key()).isEqualTo(java.util.Set.of(z));
    assertThat(r.counterexample().orElseThrow().blockedOp().index()).isEqualTo(7);
  }

  @Test
  void failureReportAndTimeline() {
    History h = History.of(List.of(
        Op.invoke(0, "write", 0L), Op.ok(0, "write", 0L),
        Op.invoke(1, "read", null), Op.invoke(2, "write", 4L),
        Op.ok(1, "read", 3L), Op.ok(2, "write", 4L)));
    Counterexample cx = Linearizability.check(h, Register.withCas(null), ONE_THREAD)
        .counterexample().orElseThrow();
    assertThat(cx.blockedOp().index()).isEqualTo(4);
    assertThat(cx.explanation(10)).contains("1. p0 :write 0 ⇒ 0 (events 0–1)  → 0",
        "no order of the pending operations reaches p1 :read nil ⇒ 3 (events 2–4)");
    String html = cx.timelineHtml("story");
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "process 1", "read 3",
        "#f4a0a0", "linearized #1");
  }

  @Test
  void timeLimitMakesTheVerdictUnknown() {
    // many concurrent crashed writes make the search space explode before a bad read
    List<Op> ops = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(1);
    for (int p = 0; p < 40; p++) {
      ops.add(Op.invoke(p, "write", (long) random.nextInt(1000)));
      ops.add(Op.info(p, "write", null));
    }
    for (int i = 0; i < 200; i++) {
      ops.add(Op.invoke(100 + i, "cas", List.of((long) i % 7, (long) (i + 1) % 7)));
      ops.add(Op.ok(100 + i, "cas", List.of((long) i % 7, (long) (i + 1) % 7)));
    }
    ops.add(Op.invoke(999, "read", null));
    ops.add(Op.ok(999, "read", -1L));
    long start = System.nanoTime();
    LinearizabilityResult r = Linearizability.check(History.of(ops), Register.withCas(0L),
        ONE_THREAD.withTimeLimit(Duration.ofMillis(300)));
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.reason()).contains("time limit");
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(20).toNanos());
  }

  @Test
  void largeKeyedHistoryIsValidAndOneWrongReadIsFound() {
    History h = SyntheticHistory.casRegister(7, 20_000, 200, 20, 0.002);
    LinearizabilityResult r = Linearizability.check(h, Register.withCas(0L));
    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.VALID);
    assertThat(r.partitions()).isEqualTo(200);
    List<Op> ops = new ArrayList<>(h.ops());
    int at = ops.size() / 2;
    while (!(ops.get(at).type() == io.pacraft.jepsen.history.OpType.OK
        && ops.get(at).f().equals("read"))) {
      at++;
    }
    Op read = ops.get(at);
    ops.set(at, read.withValue(99L)); // a value never written
    LinearizabilityResult broken = Linearizability.check(History.of(ops), Register.withCas(0L));
    assertThat(broken.verdict()).isEqualTo(Verdict.INVALID);
    Counterexample cx = broken.counterexample().orElseThrow();
    assertThat(cx.key()).isEqualTo(read.key());
    assertThat(cx.blockedOp().index()).isEqualTo(read.index());
  }

  @Test
  void longSingleKeyHistoryIsValid() {
    History h = SyntheticHistory.casRegister(3, 5_000, 1, 5, 0.0);
    List<Op> unkeyed = new ArrayList<>();
    for (Op op : h) {
      unkeyed.add(op.withKey(null));
    }
    LinearizabilityResult r = Linearizability.check(History.of(unkeyed), Register.withCas(0L),
        ONE_THREAD.withTimeLimit(Duration.ofSeconds(60)));
    assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.VALID);
  }

  @Test
  void boundedCacheStaysCorrect() {
    for (long seed = 0; seed < 200; seed++) {
      HistoryGenerator gen = new HistoryGenerator(seed, HistoryGenerator.Workload.CAS_REGISTER,
          Register.withCas(0L), CasFailure.DROP);
      History h = gen.mutate(gen.generate(4, 8));
      Verdict unbounded = Linearizability.check(h, Register.withCas(0L), ONE_THREAD).verdict();
      Verdict bounded = Linearizability.check(h, Register.withCas(0L),
          ONE_THREAD.withMaxCachedConfigurations(2)).verdict();
      assertThat(bounded).isEqualTo(unbounded);
    }
  }
}
