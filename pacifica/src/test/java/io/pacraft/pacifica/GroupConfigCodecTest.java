package io.pacraft.pacifica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration every message carries: encoded once per configuration, decoded once per run of equal bytes. */
class GroupConfigCodecTest {
  private static final Member A = new Member(NodeId.of("a"), "h:1", true);
  private static final Member B = new Member(NodeId.of("b"), "h:2", true);
  private static final Member C = new Member(NodeId.of("c"), "h:3", false);

  private static byte[] bytes(GroupConfig c) {
    ByteBuffer b = ByteBuffer.allocate(c.encodedSize() + 16);
    c.encode(b);
    return Arrays.copyOf(b.array(), b.position());
  }

  private static GroupConfig decode(byte[] bytes, byte[] trailer) {
    ByteBuffer b = ByteBuffer.allocate(bytes.length + trailer.length).put(bytes).put(trailer).flip();
    GroupConfig c = GroupConfig.decode(b);
    assertThat(b.remaining()).as("the decoder stops at the configuration's end").isEqualTo(trailer.length);
    return c;
  }

  @Test
  void alternatingConfigurationsEachDecodeToThemselves() {
    GroupConfig v1 = new GroupConfig(1, A.id(), List.of(A, B));
    GroupConfig v2 = new GroupConfig(2, B.id(), List.of(A, B, C));
    byte[] one = bytes(v1);
    byte[] two = bytes(v2);
    for (int round = 0; round < 3; round++) {
      assertThat(bytes(v1)).isEqualTo(one);
      assertThat(decode(one, new byte[] {7})).isEqualTo(v1);
      assertThat(decode(one, new byte[0])).isEqualTo(v1);
      assertThat(bytes(v2)).isEqualTo(two);
      assertThat(decode(two, new byte[] {1, 2, 3})).isEqualTo(v2);
    }
    // an equal configuration built anew encodes to the same bytes
    assertThat(bytes(new GroupConfig(1, A.id(), List.of(A, B)))).isEqualTo(one);
    assertThat(bytes(GroupConfig.NONE)).isNotEqualTo(one);
  }

  @Test
  void aTruncatedCopyOfTheLastConfigurationIsRejected() {
    GroupConfig v1 = new GroupConfig(1, A.id(), List.of(A, B));
    byte[] one = bytes(v1);
    assertThat(decode(one, new byte[0])).isEqualTo(v1);
    byte[] cut = Arrays.copyOf(one, one.length - 2);
    assertThatThrownBy(() -> GroupConfig.decode(ByteBuffer.wrap(cut))).isInstanceOf(RuntimeException.class);
    byte[] changed = one.clone();
    changed[7] = 9; // the version's low byte
    assertThat(decode(changed, new byte[0]).version()).isEqualTo(9);
  }
}
