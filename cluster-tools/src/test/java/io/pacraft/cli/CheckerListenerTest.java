package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Operation;
import io.pacraft.replication.sim.Operation.F;
import io.pacraft.replication.sim.Operation.Type;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckerListenerTest {
  @Test
  void staleReadAfterAcknowledgedWriteIsReported() {
    CheckerListener l = new CheckerListener(Duration.ofSeconds(60));
    l.onOperation(new Operation(0, Type.INVOKE, F.WRITE, 1L, 1, -1));
    l.onOperation(new Operation(0, Type.OK, F.WRITE, 1L, 2, 5));
    l.onOperation(new Operation(0, Type.INVOKE, F.WRITE, 2L, 3, -1));
    l.onOperation(new Operation(0, Type.OK, F.WRITE, 2L, 4, 6));
    l.onOperation(new Operation(1, Type.INVOKE, F.READ, null, 5, -1));
    l.onOperation(new Operation(1, Type.OK, F.READ, 1L, 6, 5));
    assertThat(l.verdict()).hasValueSatisfying(v -> assertThat(v).contains("not linearizable"));
  }

  @Test
  void concurrentReadMaySeeEitherValue() {
    CheckerListener l = new CheckerListener(Duration.ofSeconds(60));
    l.onOperation(new Operation(0, Type.INVOKE, F.WRITE, 1L, 1, -1));
    l.onOperation(new Operation(1, Type.INVOKE, F.READ, null, 2, -1));
    l.onOperation(new Operation(1, Type.OK, F.READ, null, 3, 0));
    l.onOperation(new Operation(0, Type.INFO, F.WRITE, 1L, 4, -1));
    assertThat(l.verdict()).isEmpty();
  }
}
