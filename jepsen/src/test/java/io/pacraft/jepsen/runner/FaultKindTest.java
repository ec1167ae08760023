package io.pacraft.jepsen.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultKindTest {
  @Test
  void parsesListsNoneAndAll() {
    assertThat(FaultKind.parseList("none")).isEmpty();
    assertThat(FaultKind.parseList("kill, partition,kill")).containsExactly(FaultKind.KILL, FaultKind.PARTITION);
    assertThat(FaultKind.parseList("all")).containsExactly(FaultKind.values());
    assertThatThrownBy(() -> FaultKind.parseList("kill,flood")).hasMessageContaining("unknown nemesis flood");
  }
}
