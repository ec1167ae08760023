package io.pacraft.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.Commands;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.storage.ByteString;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.RecordCache;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The record cache in front of RocksDB for reads: whatever the log applies (every type's writes,
 * deletions of whole collections, expiry, transactions with failing commands, FLUSHALL, a snapshot
 * install), a read through it answers what a read of a snapshot of the database answers.
 */
class RecordCacheTest {
  private static final String[] KEYS = {"s", "h", "l", "z", "t", "u"};
  private static final String[] MEMBERS = {"a", "b", "c", "d"};

  private Path dir;
  private KvStateMachine sm;
  private long index;
  private long time = 1_000_000;

  private void open(long recordCacheBytes) throws Exception {
    dir = Files.createTempDirectory("recordcache");
    sm = new KvStateMachine(dir, 8 << 20, recordCacheBytes, Commands.table());
  }

  @AfterEach
  void close() throws Exception {
    if (sm != null) {
      sm.close();
    }
    if (dir != null) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[][] argv(String... a) {
    byte[][] v = new byte[a.length][];
    for (int i = 0; i < a.length; i++) {
      v[i] = Bytes.utf8(a[i]);
    }
    return v;
  }

  private void apply(List<LogCommand> commands) {
    List<ByteBuffer> entries = new ArrayList<>();
    for (LogCommand c : commands) {
      entries.add(ByteBuffer.wrap(c.encode()));
    }
    sm.apply(index + 1, entries);
    index += commands.size();
  }

  private void apply(String... a) {
    apply(List.of(LogCommand.command(time, 7, argv(a))));
  }

  /** The reply of a read command, through the cache ({@code cached}) or on a snapshot without it. */
  private RespValue read(boolean cached, String... a) {
    CommandSpec spec = Commands.table().lookup(Bytes.utf8(a[0]));
    sm.readLock().lock();
    try (Keyspace ks = Keyspace.forRead(sm.store(), sm.lastTime(), sm.lastTime(), !cached, sm.counters())) {
      RespValue reply = KeyspaceCommand.run((KeyspaceCommand) spec.command(), ks, new CommandArgs(argv(a)));
      assertThat(ks.settled()).isTrue(); // nothing applies while the test reads
      return reply;
    } catch (CommandError e) {
      return e.reply();
    } finally {
      sm.readLock().unlock();
    }
  }

  /** Every point read of every key answers through the cache as it does on a snapshot. */
  private void assertReadsAgree(String when) {
    List<String[]> reads = new ArrayList<>();
    for (String k : KEYS) {
      reads.add(new String[] {"GET", k});
      reads.add(new String[] {"TYPE", k});
      reads.add(new String[] {"EXISTS", k});
      reads.add(new String[] {"HLEN", k});
      reads.add(new String[] {"LINDEX", k, "0"});
      reads.add(new String[] {"LINDEX", k, "-1"});
      reads.add(new String[] {"LLEN", k});
      for (String m : MEMBERS) {
        reads.add(new String[] {"HGET", k, m});
        reads.add(new String[] {"SISMEMBER", k, m});
        reads.add(new String[] {"ZSCORE", k, m});
      }
    }
    for (String[] r : reads) {
      // twice: the second read is answered from the cache the first one filled
      RespValue truth = read(false, r);
      assertThat(read(true, r)).as("%s %s", when, String.join(" ", r)).isEqualTo(truth);
      assertThat(read(true, r)).as("%s %s again", when, String.join(" ", r)).isEqualTo(truth);
    }
  }

  private String[] randomWrite(Random rnd) {
    String k = KEYS[rnd.nextInt(KEYS.length)];
    String m = MEMBERS[rnd.nextInt(MEMBERS.length)];
    String v = Integer.toString(rnd.nextInt(5));
    return switch (rnd.nextInt(22)) {
      case 0, 1 -> new String[] {"SET", k, v};
      case 2 -> new String[] {"HSET", k, m, v};
      case 3 -> new String[] {"HDEL", k, m};
      case 4, 5 -> new String[] {"SADD", k, m};
      case 6 -> new String[] {"SREM", k, m};
      case 7 -> new String[] {"LPUSH", k, v, m};
      case 8 -> new String[] {"RPUSH", k, v};
      case 9 -> new String[] {"LPOP", k};
      case 10 -> new String[] {"LSET", k, "0", m};
      case 11 -> new String[] {"ZADD", k, v, m};
      case 12 -> new String[] {"ZREM", k, m};
      case 13 -> new String[] {"DEL", k};
      case 14 -> new String[] {"PEXPIRE", k, Integer.toString(1 + rnd.nextInt(3))};
      case 15 -> new String[] {"RENAME", k, KEYS[rnd.nextInt(KEYS.length)]};
      case 16 -> new String[] {"COPY", k, KEYS[rnd.nextInt(KEYS.length)], "REPLACE"};
      case 17 -> new String[] {"INCR", k};
      case 18 -> new String[] {"APPEND", k, m};
      case 19 -> new String[] {"SPOP", k};
      case 20 -> new String[] {"HINCRBY", k, m, "1"};
      default -> new String[] {"LREM", k, "0", m};
    };
  }

  @ParameterizedTest(name = "record cache of {0} bytes")
  @ValueSource(longs = {1_000, 16 << 20})
  void readsThroughTheCacheAnswerAsTheDatabaseDoes(long budget) throws Exception {
    open(budget);
    Random rnd = new Random(budget);
    for (int round = 0; round < 250; round++) {
      List<LogCommand> batch = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int i = 0; i < n; i++) {
        time += rnd.nextInt(3); // expiries pass by the log's time
        int kind = rnd.nextInt(40);
        if (kind == 0 && i == 0) {
          batch.add(LogCommand.command(time, 7, argv("FLUSHALL")));
          break;
        } else if (kind < 4) {
          // a transaction in which some commands fail (WRONGTYPE) and are rolled back alone
          List<byte[][]> cmds = new ArrayList<>();
          for (int c = 0; c < 3; c++) {
            cmds.add(argv(randomWrite(rnd)));
          }
          batch.add(LogCommand.transaction(time, rnd.nextLong(), cmds, List.of()));
        } else {
          batch.add(LogCommand.command(time, rnd.nextLong(), argv(randomWrite(rnd))));
        }
      }
      apply(batch);
      assertReadsAgree("after round " + round);
    }
  }

  @Test
  void aSnapshotInstallReplacesWhatWasCached() throws Exception {
    open(16 << 20);
    apply("SET", "t", "before");
    apply("SADD", "s", "a");
    var snap = sm.snapshot();
    apply("SET", "t", "after");
    apply("SREM", "s", "a");
    assertThat(read(true, "GET", "t")).isEqualTo(RespValue.bulk(Bytes.utf8("after")));
    assertThat(read(true, "SISMEMBER", "s", "a")).isEqualTo(RespValue.ZERO);
    sm.restore(snap);
    assertThat(read(true, "GET", "t")).isEqualTo(RespValue.bulk(Bytes.utf8("before")));
    assertThat(read(true, "SISMEMBER", "s", "a")).isEqualTo(RespValue.ONE);
  }

  /** A read that overlaps a batch's write knows it, and runs again on a snapshot. */
  @Test
  void aKeyspaceIsUnsettledOnceABatchIsWritten() throws Exception {
    open(16 << 20);
    apply("SET", "t", "1");
    sm.readLock().lock();
    try (Keyspace ks = Keyspace.forRead(sm.store(), sm.lastTime(), sm.lastTime(), false, sm.counters())) {
      assertThat(ks.settled()).isTrue();
      apply("SET", "t", "2");
      assertThat(ks.settled()).isFalse();
    } finally {
      sm.readLock().unlock();
    }
  }

  @Test
  void aValueReadBeforeABatchBeganIsNotKept() {
    RecordCache c = new RecordCache(1 << 20);
    ByteString k = ByteString.of(Bytes.utf8("k"));
    long seen = c.writes();
    c.writing(); // a batch begins after the reader's read, before it keeps the value
    c.put(true, k, Bytes.utf8("old"), seen);
    c.written(List.of(k), List.of());
    assertThat(c.get(true, k)).isNull();
    seen = c.writes();
    c.put(true, k, Bytes.utf8("new"), seen);
    assertThat(c.get(true, k)).isEqualTo(Bytes.utf8("new"));
    assertThat(c.get(false, k)).as("the families are apart").isNull();
    c.writing();
    assertThat(c.get(true, k)).as("while a batch is written, the old value answers").isEqualTo(Bytes.utf8("new"));
    c.put(true, ByteString.of(Bytes.utf8("other")), Bytes.utf8("x"), c.writes());
    assertThat(c.get(true, ByteString.of(Bytes.utf8("other")))).as("nothing enters while a batch is written").isNull();
    c.written(List.of(k), List.of());
    assertThat(c.get(true, k)).isNull();
    assertThat(c.writes() % 2).isZero();
  }

  @Test
  void staysWithinItsBudget() {
    RecordCache c = new RecordCache(10_000);
    for (int i = 0; i < 10_000; i++) {
      c.put(i % 2 == 0, ByteString.of(Bytes.utf8("key" + i)), new byte[20], c.writes());
    }
    // about half the budget in each of two generations, at ~120 bytes a record
    assertThat(c.size()).isBetween(40, 90);
    assertThat(c.get(false, ByteString.of(Bytes.utf8("key9999")))).isNotNull();
    assertThat(c.get(true, ByteString.of(Bytes.utf8("key0")))).isNull();
    c.put(true, ByteString.of(Bytes.utf8("big")), new byte[RecordCache.MAX_RECORD + 1], c.writes());
    assertThat(c.get(true, ByteString.of(Bytes.utf8("big")))).isNull();
    assertThat(new RecordCache(0).enabled()).isFalse();
  }
}
