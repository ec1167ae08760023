package io.pacraft.pacifica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.sim.SimProtocol;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsAndRegistrationTest {
  private static GroupSpec spec(Map<String, String> settings) {
    return new GroupSpec(GroupId.of("g"), NodeId.of("n1"), Membership.empty(), settings);
  }

  @Test
  void registeredUnderItsNameForServersAndTheSimulator() {
    assertThat(ReplicationProtocol.find("pacifica")).get().isInstanceOf(PacificaProtocol.class);
    assertThat(SimProtocol.find("pacifica")).get().isInstanceOf(PacificaSimulation.class);
  }

  @Test
  void defaultsAreValid() {
    PacificaSettings s = PacificaSettings.from(spec(Map.of()), true);
    assertThat(s.graceMs()).isGreaterThan(s.leaseMs() + s.clockDriftBoundMs());
  }

  @Test
  void aGracePeriodNotLongerThanLeasePlusDriftIsRejectedAtStartUp() {
    assertThatThrownBy(() -> PacificaSettings.from(spec(Map.of("lease-ms", "500", "grace-ms", "600", "clock-drift-bound-ms", "100")), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("grace-ms (600) must be greater than lease-ms (500) + clock-drift-bound-ms (100)");
    assertThat(PacificaSettings.from(spec(Map.of("lease-ms", "500", "grace-ms", "601", "clock-drift-bound-ms", "100")), true).graceMs())
        .isEqualTo(601);
  }

  @Test
  void unknownAndBadSettingsAreRejected() {
    assertThatThrownBy(() -> PacificaSettings.from(spec(Map.of("election-timeout-ms", "5")), true))
        .hasMessageStartingWith("unknown pacifica setting election-timeout-ms");
    assertThatThrownBy(() -> PacificaSettings.from(spec(Map.of("lease-ms", "0")), true)).hasMessage("lease-ms must be > 0: 0");
    assertThatThrownBy(() -> PacificaSettings.from(spec(Map.of("beacon-interval-ms", "600")), true))
        .hasMessageStartingWith("beacon-interval-ms (600) must be less than lease-ms (500)");
    assertThatThrownBy(() -> PacificaSettings.from(spec(Map.of("primary-sync", "never")), true))
        .hasMessage("primary-sync must be deferred or before-commit: never");
  }

  @Test
  void thePrimarysOwnSyncIsDeferredUnlessToldOtherwise() {
    assertThat(PacificaSettings.from(spec(Map.of()), true).primarySyncDeferred()).isTrue();
    assertThat(PacificaSettings.from(spec(Map.of("primary-sync", "before-commit")), true).primarySyncDeferred()).isFalse();
  }
}
