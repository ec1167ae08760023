package io.pacraft.pacifica;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.Snapshot;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigManagerTest {
  private static final Member A = new Member(NodeId.of("a"), "h:1", true);
  private static final Member B = new Member(NodeId.of("b"), "h:2", true);
  private static final Member C = new Member(NodeId.of("c"), "h:3", true);
  private static final GroupConfig V1 = new GroupConfig(1, A.id(), List.of(A, B, C));

  private static ConfigManager.Decision apply(ConfigManager cm, long index, long expected, GroupConfig proposed) {
    return (ConfigManager.Decision) cm.apply(index, ByteBuffer.wrap(new ConfigManager.Change("g", expected, proposed).toBytes()));
  }

  @Test
  void ofTwoRacingProposalsExactlyOneWins() {
    ConfigManager cm = new ConfigManager(Map.of("g", V1), false);
    GroupConfig bPrimary = V1.withPrimary(B.id()).withMember(A, false);
    GroupConfig cPrimary = V1.withPrimary(C.id()).withMember(A, false);
    ConfigManager.Decision first = apply(cm, 1, 1, bPrimary);
    ConfigManager.Decision second = apply(cm, 2, 1, cPrimary);
    assertThat(first.accepted()).isTrue();
    assertThat(first.current().version()).isEqualTo(2);
    assertThat(first.current().primary()).isEqualTo(B.id());
    assertThat(second.accepted()).isFalse();
    assertThat(second.current()).isEqualTo(first.current());
    assertThat(cm.current("g").primary()).isEqualTo(B.id());
    assertThat(cm.lastApplied()).isEqualTo(2);
  }

  @Test
  void theBrokenManagerAcceptsAStaleVersion() {
    ConfigManager cm = new ConfigManager(Map.of("g", V1), true);
    apply(cm, 1, 1, V1.withPrimary(B.id()));
    assertThat(apply(cm, 2, 1, V1.withPrimary(C.id())).accepted()).isTrue();
  }

  @Test
  void anEmptyEntryOnlyAdvancesTheAppliedIndexAndASnapshotRestoresEveryGroup() {
    ConfigManager cm = new ConfigManager(Map.of("g", V1), false);
    assertThat(cm.apply(1, ByteBuffer.allocate(0))).isNull();
    apply(cm, 2, 1, V1.withMember(C, false));
    ConfigManager other = new ConfigManager(Map.of("g", V1), false);
    try (Snapshot s = cm.snapshot()) {
      other.restore(s);
    }
    assertThat(other.lastApplied()).isEqualTo(2);
    assertThat(other.current("g")).isEqualTo(cm.current("g"));
    assertThat(other.current("g").isVoter(C.id())).isFalse();
    assertThat(other.current("h")).isEqualTo(GroupConfig.NONE);
  }
}
