package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.log.LogEntry;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static Message roundTrip(Message m) {
    return MessageCodec.decode(MessageCodec.encode(m));
  }

  @Test
  void everyMessageSurvivesTheWire() {
    List<Message> messages = List.of(
        new Message.RequestVote(7, 100, 6, true, false),
        new Message.RequestVote(8, 0, 0, false, true),
        new Message.VoteResponse(7, true, true),
        new Message.AppendResponse(3, false, 41, 37, 2),
        new Message.Heartbeat(3, 40, 99),
        new Message.HeartbeatResponse(3, 99),
        new Message.SnapshotResponse(4, 500, 1024, false),
        new Message.TimeoutNow(9));
    for (Message m : messages) {
      assertThat(roundTrip(m)).isEqualTo(m);
    }
  }

  @Test
  void appendEntriesCarriesEntriesWithTheirIndexes() {
    List<LogEntry> entries = List.of(
        new LogEntry(11, 3, LogEntry.NORMAL, new byte[] {1, 2, 3}),
        new LogEntry(12, 4, RaftCore.NOOP, new byte[0]));
    Message.AppendEntries a = (Message.AppendEntries) roundTrip(new Message.AppendEntries(4, 10, 3, 9, entries));
    assertThat(a.prevIndex()).isEqualTo(10);
    assertThat(a.commit()).isEqualTo(9);
    assertThat(a.entries()).isEqualTo(entries);
  }

  @Test
  void snapshotChunksKeepTheirBytes() {
    Message.InstallSnapshot s = (Message.InstallSnapshot) roundTrip(
        new Message.InstallSnapshot(5, 200, 4, new byte[] {9, 9}, 512, 2048, new byte[] {1, 2, 3, 4}));
    assertThat(s.index()).isEqualTo(200);
    assertThat(s.membership()).containsExactly(9, 9);
    assertThat(s.offset()).isEqualTo(512);
    assertThat(s.data()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void rejectsOtherVersionsTruncationAndTrailingBytes() {
    ByteBuffer b = MessageCodec.encode(new Message.Heartbeat(1, 2, 3));
    ByteBuffer v2 = ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
    v2.put(0, (byte) 2);
    assertThatThrownBy(() -> MessageCodec.decode(v2)).hasMessageContaining("version 2");
    ByteBuffer cut = b.duplicate().limit(b.limit() - 1);
    assertThatThrownBy(() -> MessageCodec.decode(cut)).hasMessageContaining("truncated");
    ByteBuffer longer = ByteBuffer.allocate(b.remaining() + 1).put(b.duplicate()).put((byte) 0).flip();
    assertThatThrownBy(() -> MessageCodec.decode(longer)).hasMessageContaining("trailing");
    ByteBuffer badCount = MessageCodec.encode(new Message.AppendEntries(1, 0, 0, 0, List.of()));
    badCount.putInt(2 + 32, 1_000_000);
    assertThatThrownBy(() -> MessageCodec.decode(badCount)).hasMessageContaining("entry count");
  }
}
