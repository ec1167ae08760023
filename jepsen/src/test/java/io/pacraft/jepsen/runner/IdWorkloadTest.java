package io.pacraft.jepsen.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.jepsen.history.HistoryRecorder;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.verdict.Verdict;
import org.junit.jupiter.api.Test;

class IdWorkloadTest {
  private static HistoryRecorder ids(long... acked) {
    HistoryRecorder r = new HistoryRecorder();
    long p = 0;
    for (long id : acked) {
      Op call = r.invoke(p++, "generate", null, "ids");
      r.ok(call, id);
    }
    return r;
  }

  private static void finalRead(HistoryRecorder r, long v) {
    Op call = r.invoke(99, "read", null, "ids");
    r.ok(call, v);
  }

  @Test
  void distinctIdsAndACoveringFinalReadAreValid() {
    HistoryRecorder r = ids(1, 2, 3);
    Op lost = r.invoke(7, "generate", null, "ids");
    r.info(lost, "timeout");
    finalRead(r, 4);
    assertThat(IdWorkload.checkIds(r.history()).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aDuplicateIdIsInvalid() {
    HistoryRecorder r = ids(1, 2, 2);
    finalRead(r, 3);
    IdWorkload.IdResult res = IdWorkload.checkIds(r.history());
    assertThat(res.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(res.reason()).contains("id 2 handed out twice");
  }

  @Test
  void aLostAcknowledgedIncrementIsInvalid() {
    HistoryRecorder r = ids(1, 2, 3);
    finalRead(r, 2);
    assertThat(IdWorkload.checkIds(r.history()).reason()).contains("below the acknowledged id 3");
  }

  @Test
  void moreIncrementsThanCallsIsInvalidAndNoFinalReadIsUnknown() {
    HistoryRecorder r = ids(1, 2);
    finalRead(r, 5);
    assertThat(IdWorkload.checkIds(r.history()).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(IdWorkload.checkIds(ids(1).history()).verdict()).isEqualTo(Verdict.UNKNOWN);
  }
}
