package io.pacraft.replication.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Operation.F;
import io.pacraft.replication.sim.Operation.Type;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RegisterCheckerTest {
  private static final TreeMap<Long, Long> ONE_WRITE = new TreeMap<>(java.util.Map.of(1L, 7L));

  @Test
  void aReadInvokedAfterAWriteCompletedAtTheSameInstantMustSeeIt() {
    // the write completes, then the read is invoked, both at virtual time 10: the read came after
    List<Operation> h = List.of(
        new Operation(0, Type.INVOKE, F.WRITE, 7L, 5, -1),
        new Operation(0, Type.OK, F.WRITE, 7L, 10, 1),
        new Operation(1, Type.INVOKE, F.READ, null, 10, -1),
        new Operation(1, Type.OK, F.READ, null, 12, 0));
    assertThat(RegisterChecker.check(h, ONE_WRITE)).get().asString().contains("not linearizable").contains("read null at index 0");
  }

  @Test
  void aReadInvokedBeforeTheWriteCompletedAtTheSameInstantMaySeeTheOldValue() {
    List<Operation> h = List.of(
        new Operation(0, Type.INVOKE, F.WRITE, 7L, 5, -1),
        new Operation(1, Type.INVOKE, F.READ, null, 10, -1),
        new Operation(0, Type.OK, F.WRITE, 7L, 10, 1),
        new Operation(1, Type.OK, F.READ, null, 12, 0));
    assertThat(RegisterChecker.check(h, ONE_WRITE)).isEmpty();
  }

  @Test
  void aReadOfAValueNoRecordedWriteWroteIsCaughtByPosition() {
    List<Operation> h = List.of(
        new Operation(1, Type.INVOKE, F.READ, null, 10, -1),
        new Operation(1, Type.OK, F.READ, 8L, 12, 2));
    TreeMap<Long, Long> log = new TreeMap<>(java.util.Map.of(1L, 7L));
    assertThat(RegisterChecker.check(h, log)).get().asString().contains("returned 8, but the register held 7");
  }
}
