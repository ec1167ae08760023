package io.pacraft.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.ConfigurationStore.Outcome;
import io.pacraft.replication.GroupConfiguration;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaStateMachineTest {
  private static final GroupId SHARD = GroupId.of("shard-0");
  private static final NodeId A = NodeId.of("a".repeat(40));
  private static final NodeId B = NodeId.of("b".repeat(40));
  private static final NodeId C = NodeId.of("c".repeat(40));

  @TempDir Path dir;

  private static GroupConfiguration config(NodeId primary, NodeId... replicas) {
    return new GroupConfiguration(
        1, primary, java.util.Arrays.stream(replicas).map(n -> new Member(n, "127.0.0.1:1" + n.id().charAt(0), true)).toList());
  }

  @Test
  void ofTwoChangesFromTheSameVersionExactlyOneWins() throws Exception {
    MetaStateMachine sm = new MetaStateMachine(dir);
    assertThat(sm.configuration(SHARD)).isEmpty();

    Object first = sm.apply(1, MetaStateMachine.setConfiguration(SHARD, 0, config(A, A, B, C), 11));
    assertThat(first).isEqualTo(new Outcome(config(A, A, B, C).withVersion(1), true));

    // Two proposals made against version 1: B promotes itself, A removes C.
    Object promote = sm.apply(2, MetaStateMachine.setConfiguration(SHARD, 1, config(B, B, C), 22));
    Object remove = sm.apply(3, MetaStateMachine.setConfiguration(SHARD, 1, config(A, A, B), 33));
    assertThat(promote).isEqualTo(new Outcome(config(B, B, C).withVersion(2), true));
    assertThat(remove).as("the loser learns the winner").isEqualTo(new Outcome(config(B, B, C).withVersion(2), false));
    assertThat(sm.configuration(SHARD)).contains(config(B, B, C).withVersion(2));
    assertThat(sm.lastApplied()).isEqualTo(3);

    // The winning request sent again (its reply was lost) learns that it won; the same proposal
    // under another id (an earlier incarnation's, say) does not.
    assertThat(sm.apply(4, MetaStateMachine.setConfiguration(SHARD, 1, config(B, B, C), 22)))
        .isEqualTo(new Outcome(config(B, B, C).withVersion(2), true));
    assertThat(sm.apply(5, MetaStateMachine.setConfiguration(SHARD, 1, config(B, B, C), 44)))
        .isEqualTo(new Outcome(config(B, B, C).withVersion(2), false));
    // A version from the future is refused too.
    assertThat(sm.apply(6, MetaStateMachine.setConfiguration(SHARD, 7, config(C, C), 55)))
        .isEqualTo(new Outcome(config(B, B, C).withVersion(2), false));
    // No configuration yet and a non-zero expected version: nothing to answer with.
    assertThat(sm.apply(7, MetaStateMachine.setConfiguration(GroupId.of("shard-1"), 3, config(C, C), 66))).isNull();
    assertThat(sm.configuration(GroupId.of("shard-1"))).isEmpty();
  }

  @Test
  void configurationsAndTheMapSurviveReopenAndSnapshots() throws Exception {
    MetaStateMachine sm = new MetaStateMachine(dir);
    sm.apply(1, MetaStateMachine.setConfiguration(SHARD, 0, config(A, A, B), 1));
    sm.apply(2, MetaStateMachine.setConfiguration(GroupId.of("shard-1"), 0, config(C, C, B), 1));
    GroupConfiguration withLearner =
        new GroupConfiguration(1, A, List.of(new Member(A, "127.0.0.1:7", true), new Member(C, "127.0.0.1:9", false)));
    sm.apply(3, MetaStateMachine.setConfiguration(GroupId.of("shard-2"), 0, withLearner, 1));

    MetaStateMachine reopened = new MetaStateMachine(dir);
    assertThat(reopened.lastApplied()).isEqualTo(3);
    assertThat(reopened.configuration(SHARD)).contains(config(A, A, B).withVersion(1));
    assertThat(reopened.configuration(GroupId.of("shard-1"))).contains(config(C, C, B).withVersion(1));
    assertThat(reopened.configuration(GroupId.of("shard-2"))).contains(withLearner);
    // which request installed each configuration survives too
    assertThat(reopened.apply(4, MetaStateMachine.setConfiguration(SHARD, 0, config(A, A, B), 1)))
        .isEqualTo(new Outcome(config(A, A, B).withVersion(1), true));

    Path other = Files.createDirectories(dir.resolve("other"));
    MetaStateMachine restored = new MetaStateMachine(other);
    try (var snapshot = sm.snapshot()) {
      restored.restore(snapshot);
    }
    assertThat(restored.lastApplied()).isEqualTo(3);
    assertThat(restored.configuration(SHARD)).contains(config(A, A, B).withVersion(1));
  }

  @Test
  void readsStateWrittenBeforeConfigurationsExisted() throws Exception {
    // PCMETA1: magic, applied index, map length 0 (no map yet).
    byte[] magic = "PCMETA1\n".getBytes(StandardCharsets.US_ASCII);
    byte[] v1 = ByteBuffer.allocate(magic.length + 12).put(magic).putLong(9).putInt(0).array();
    Files.write(dir.resolve("meta-state"), v1);
    MetaStateMachine sm = new MetaStateMachine(dir);
    assertThat(sm.lastApplied()).isEqualTo(9);
    assertThat(sm.map()).isNull();
    assertThat(sm.configuration(SHARD)).isEmpty();
    sm.apply(10, MetaStateMachine.setConfiguration(SHARD, 0, config(A, A), 1));
    assertThat(new MetaStateMachine(dir).configuration(SHARD)).isPresent();
  }

  @Test
  void awaitAppliedCompletesOnceTheIndexIsApplied() throws Exception {
    MetaStateMachine sm = new MetaStateMachine(dir);
    var at2 = sm.awaitApplied(2);
    assertThat(sm.awaitApplied(0)).isDone();
    sm.apply(1, ByteBuffer.allocate(0));
    assertThat(at2).isNotDone();
    sm.apply(2, ByteBuffer.allocate(0));
    assertThat(at2).isDone();
    assertThat(List.of(sm.lastApplied())).containsExactly(2L);
  }
}
