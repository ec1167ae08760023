package io.pacraft.jepsen.elle;

import static io.pacraft.jepsen.elle.Txns.append;
import static io.pacraft.jepsen.elle.Txns.r;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.jepsen.verdict.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-built list-append histories, one per anomaly class, and serial ones that must pass. */
class ListAppendCheckerTest {

  @Test
  void serialHistoryPasses() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1), append("y", 1))
        .txn(1, r("x", 1), append("x", 2))
        .txn(0, r("x", 1, 2), r("y", 1), append("y", 2))
        .txn(2, r("y", 1, 2), r("z"))
        .history());
    assertThat(r.verdict()).as(r.explanation()).isEqualTo(Verdict.VALID);
    assertThat(r.reason()).contains("4 list-append transactions");
  }

  @Test
  void concurrentButSerializableHistoryPasses() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, append("x", 1))
        .invoke(1, r("x"), append("y", 1))
        .ok(1, r("x"), append("y", 1)) // read x before T0's append took effect
        .ok(0, append("x", 1))
        .txn(2, r("x", 1), r("y", 1))
        .history());
    assertThat(r.verdict()).as(r.explanation()).isEqualTo(Verdict.VALID);
  }

  @Test
  void failedAndIndeterminateTransactionsAreHandled() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, append("x", 1)).fail(0, append("x", 1))
        .invoke(1, append("x", 2)).info(1, append("x", 2))
        .txn(2, r("x", 2))
        .history());
    assertThat(r.verdict()).as(r.explanation()).isEqualTo(Verdict.VALID);
  }

  @Test
  void writeCycleIsG0() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, append("x", 1), append("y", 1))
        .invoke(1, append("x", 2), append("y", 2))
        .ok(0, append("x", 1), append("y", 1))
        .ok(1, append("x", 2), append("y", 2))
        .txn(2, r("x", 1, 2), r("y", 2, 1))
        .history());
    assertOnly(r, AnomalyType.G0);
    assertThat(witnessLabels(r, AnomalyType.G0)).containsExactlyInAnyOrder("T2", "T3");
    assertThat(first(r, AnomalyType.G0).description()).contains("-ww \"x\"->", "-ww \"y\"->");
  }

  @Test
  void readOfAbortedAppendIsG1a() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, append("x", 1)).fail(0, append("x", 1))
        .txn(1, r("x", 1))
        .history());
    assertOnly(r, AnomalyType.G1A);
    assertThat(witnessLabels(r, AnomalyType.G1A)).containsExactly("T3", "T1");
  }

  @Test
  void readOfIntermediateStateIsG1b() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, append("x", 1), append("x", 2))
        .invoke(1, r("x"))
        .ok(1, r("x", 1))
        .ok(0, append("x", 1), append("x", 2))
        .history());
    assertThat(r.has(AnomalyType.G1B)).as(r.explanation()).isTrue();
    assertThat(witnessLabels(r, AnomalyType.G1B)).containsExactly("T2", "T3");
  }

  @Test
  void circularInformationFlowIsG1c() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, append("x", 1), r("y"))
        .invoke(1, append("y", 1), r("x"))
        .ok(0, append("x", 1), r("y", 1))
        .ok(1, append("y", 1), r("x", 1))
        .history());
    assertOnly(r, AnomalyType.G1C);
    assertThat(first(r, AnomalyType.G1C).description()).contains("-wr \"x\"->", "-wr \"y\"->");
  }

  @Test
  void readSkewIsGSingle() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, append("x", 1), append("y", 1))
        .invoke(1, r("x"), r("y"))
        .ok(0, append("x", 1), append("y", 1))
        .ok(1, r("x"), r("y", 1))
        .txn(2, r("x", 1))
        .history());
    assertOnly(r, AnomalyType.G_SINGLE);
    assertThat(first(r, AnomalyType.G_SINGLE).description()).contains("-rw \"x\"->",
        "-wr \"y\"->");
  }

  @Test
  void writeSkewIsG2Item() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(0, r("x"), append("y", 1))
        .invoke(1, r("y"), append("x", 1))
        .ok(0, r("x"), append("y", 1))
        .ok(1, r("y"), append("x", 1))
        .txn(2, r("x", 1), r("y", 1))
        .history());
    assertOnly(r, AnomalyType.G2_ITEM);
    assertThat(witnessLabels(r, AnomalyType.G2_ITEM)).containsExactlyInAnyOrder("T2", "T3");
  }

  @Test
  void staleReadAfterCompletedAppendIsGSingleRealtime() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1))
        .txn(1, r("x"))
        .txn(2, r("x", 1))
        .history());
    assertOnly(r, AnomalyType.G_SINGLE_REALTIME);
    assertThat(first(r, AnomalyType.G_SINGLE_REALTIME).description())
        .isEqualTo("T3 -rw \"x\"-> T1 -realtime-> T3");
  }

  @Test
  void staleReadOnTheSameProcessIsGSingleProcess() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1))
        .txn(0, r("x"))
        .txn(2, r("x", 1))
        .history());
    assertOnly(r, AnomalyType.G_SINGLE_PROCESS);
  }

  @Test
  void readingTheFutureIsG1cRealtime() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, r("x", 1))
        .txn(1, append("x", 1))
        .history());
    assertOnly(r, AnomalyType.G1C_REALTIME);
  }

  @Test
  void appendsOrderedAgainstRealTimeAreG0Realtime() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 2))
        .txn(1, append("x", 1))
        .txn(2, r("x", 1, 2))
        .history());
    assertOnly(r, AnomalyType.G0_REALTIME);
  }

  @Test
  void twoAntiDependenciesAndRealTimeAreG2ItemRealtime() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .invoke(1, r("y"), append("x", 1)) // T5, concurrent with both others
        .txn(2, append("y", 1)) // T2
        .txn(0, r("x")) // T4, begins after T2 completed
        .ok(1, r("y"), append("x", 1))
        .txn(3, r("x", 1), r("y", 1))
        .history());
    assertOnly(r, AnomalyType.G2_ITEM_REALTIME);
    assertThat(first(r, AnomalyType.G2_ITEM_REALTIME).description())
        .isEqualTo("T4 -rw \"x\"-> T5 -rw \"y\"-> T2 -realtime-> T4");
  }

  @Test
  void longRealTimeChainsAreShortcutInWitnesses() {
    Txns h = new Txns().txn(0, append("x", 1));
    for (int i = 0; i < 30; i++) {
      h.txn(1 + i % 3, append("y", 10 + i)); // a long real-time chain of unrelated work
    }
    ListAppendResult r = ListAppendChecker.check(h
        .txn(9, r("x")) // stale: the append of 1 completed long ago
        .txn(8, r("x", 1))
        .history());
    assertThat(r.counts().keySet()).containsExactly(AnomalyType.G_SINGLE_REALTIME);
    assertThat(first(r, AnomalyType.G_SINGLE_REALTIME).transactions()).hasSize(2);
  }

  @Test
  void readDisagreeingWithOwnAppendIsInternal() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1), r("x"))
        .history());
    assertThat(r.has(AnomalyType.INTERNAL)).as(r.explanation()).isTrue();
    ListAppendResult twice = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1))
        .txn(1, r("x", 1), append("x", 2), r("x", 1, 3))
        .history());
    assertThat(twice.has(AnomalyType.INTERNAL)).as(twice.explanation()).isTrue();
  }

  @Test
  void repeatedElementIsDuplicate() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1))
        .txn(1, r("x", 1, 1))
        .history());
    assertThat(r.has(AnomalyType.DUPLICATE_ELEMENTS)).as(r.explanation()).isTrue();
  }

  @Test
  void readsThatAreNotPrefixesAreIncompatible() {
    ListAppendResult r = ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1))
        .txn(1, append("x", 2))
        .txn(2, r("x", 1, 2))
        .txn(3, r("x", 2))
        .history());
    assertThat(r.has(AnomalyType.INCOMPATIBLE_ORDER)).as(r.explanation()).isTrue();
    assertThat(witnessLabels(r, AnomalyType.INCOMPATIBLE_ORDER)).containsExactly("T7", "T5");
  }

  @Test
  void elementNobodyAppendedIsReported() {
    ListAppendResult r = ListAppendChecker.check(new Txns().txn(0, r("x", 9)).history());
    assertOnly(r, AnomalyType.UNWRITTEN_ELEMENT);
  }

  @Test
  void sameValueAppendedTwiceIsRejected() {
    assertThatThrownBy(() -> ListAppendChecker.check(new Txns()
        .txn(0, append("x", 1)).txn(1, append("x", 1)).history()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appended twice");
  }

  private static void assertOnly(ListAppendResult r, AnomalyType type) {
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.counts().keySet()).as(r.explanation()).containsExactly(type);
  }

  private static Anomaly first(ListAppendResult r, AnomalyType type) {
    return r.anomalies().stream().filter(a -> a.type() == type).findFirst().orElseThrow();
  }

  private static List<String> witnessLabels(ListAppendResult r, AnomalyType type) {
    return first(r, type).transactions().stream().map(Transaction::label).toList();
  }
}
