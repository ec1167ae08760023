package io.pacraft.server.command.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.ServerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class TransactionTest extends ServerTest {

  @Test
  void execRunsQueuedCommandsInOrder() throws Exception {
    assertThat(call("MULTI")).isEqualTo(RespValue.OK);
    assertThat(call("SET", "a", "1")).isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(call("INCR", "a")).isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(call("LPUSH", "a", "x")).isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(call("PING")).isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(call("GET", "a")).isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(call("EXEC"))
        .as("a runtime error answers in place; the other commands take effect")
        .isEqualTo(array(RespValue.OK, integer(2), RespValue.error(WRONGTYPE), RespValue.PONG, bulk("2")));
    assertThat(call("EXEC")).isEqualTo(RespValue.error("ERR EXEC without MULTI"));
    assertThat(call("DISCARD")).isEqualTo(RespValue.error("ERR DISCARD without MULTI"));
    assertThat(call("MULTI")).isEqualTo(RespValue.OK);
    assertThat(call("EXEC")).isEqualTo(array());
  }

  @Test
  void queuingErrorsAbortExec() throws Exception {
    call("MULTI");
    assertThat(call("FOO")).isInstanceOf(RespValue.Error.class);
    assertThat(call("SET", "a")).isEqualTo(RespValue.error("ERR wrong number of arguments for 'set' command"));
    assertThat(call("SET", "a", "2")).isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(call("MULTI")).isEqualTo(RespValue.error("ERR MULTI calls can not be nested"));
    assertThat(call("WATCH", "a")).isEqualTo(RespValue.error("ERR WATCH inside MULTI is not allowed"));
    assertThat(call("EXEC")).isEqualTo(RespValue.error("EXECABORT Transaction discarded because of previous errors."));
    assertThat(redis.exists("a")).isZero();
    call("MULTI");
    call("SET", "a", "1");
    assertThat(call("DISCARD")).isEqualTo(RespValue.OK);
    assertThat(redis.exists("a")).isZero();
    call("MULTI");
    assertThat(call("SET", "a", "1", "NX", "XX")).as("option errors are runtime errors").isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(call("EXEC")).isEqualTo(array(RespValue.error(SYNTAX)));
  }

  @Test
  void clientListShowsTheTransaction() throws Exception {
    call("MULTI");
    call("SET", "a", "1");
    call("SET", "b", "1");
    String list = redis.clientList();
    assertThat(list).containsPattern("flags=x .*multi=2");
    call("DISCARD");
  }

  @Test
  void blockingPopsInsideMultiDoNotBlock() throws Exception {
    call("MULTI");
    call("BLPOP", "nolist", "0");
    call("BLMOVE", "nolist", "dst", "LEFT", "LEFT", "0");
    call("BZPOPMIN", "nozset", "0");
    assertThat(call("EXEC")).isEqualTo(array(nullArray(), RespValue.NULL, nullArray()));
  }

  @Test
  void watchedKeyChangedByAnotherClientAbortsExec() throws Exception {
    redis.set("k", "1");
    call("WATCH", "k");
    redis.set("k", "2");
    call("MULTI");
    call("SET", "k", "3");
    assertThat(call("EXEC")).isEqualTo(nullArray());
    assertThat(redis.get("k")).isEqualTo("2");
    // WATCH ends with EXEC: the next transaction is not watched.
    call("MULTI");
    call("SET", "k", "3");
    assertThat(call("EXEC")).isEqualTo(array(RespValue.OK));
  }

  @Test
  void changesBeforeWatchDoNotAbort() throws Exception {
    raw.write(RawConnection.command("SET", "k", "1"));
    raw.write(RawConnection.command("WATCH", "k")); // pipelined right behind this client's own write
    assertThat(raw.read()).isEqualTo(RespValue.OK);
    assertThat(raw.read()).isEqualTo(RespValue.OK);
    call("MULTI");
    call("INCR", "k");
    assertThat(call("EXEC")).isEqualTo(array(integer(2)));
  }

  @Test
  void unwatchForgetsKeys() throws Exception {
    call("WATCH", "k");
    redis.set("k", "x");
    assertThat(call("UNWATCH")).isEqualTo(RespValue.OK);
    call("MULTI");
    call("GET", "k");
    assertThat(call("EXEC")).isEqualTo(array(bulk("x")));
  }

  @Test
  void deletionCreationAndFlushCountAsChanges() throws Exception {
    redis.set("gone", "1");
    call("WATCH", "gone");
    redis.del("gone");
    assertThat(execPing()).as("deleted after WATCH").isEqualTo(nullArray());

    call("WATCH", "born");
    redis.set("born", "1");
    assertThat(execPing()).as("created after WATCH").isEqualTo(nullArray());

    call("WATCH", "brief");
    redis.sadd("brief", "x");
    redis.srem("brief", "x");
    assertThat(redis.exists("brief")).isZero();
    assertThat(execPing()).as("created and deleted again after WATCH").isEqualTo(nullArray());

    redis.hset("h", "f", "v");
    call("WATCH", "h");
    redis.hset("h", "g", "w");
    assertThat(execPing()).as("a field added to a watched hash").isEqualTo(nullArray());

    redis.set("f", "1");
    call("WATCH", "f", "never");
    redis.flushall();
    assertThat(execPing()).as("FLUSHALL").isEqualTo(nullArray());

    call("WATCH", "untouched");
    redis.set("other", "1");
    assertThat(execPing()).isEqualTo(array(RespValue.PONG));
  }

  @Test
  void expiryAfterWatchAbortsButExpiryBeforeDoesNot() throws Exception {
    redis.set("e", "1", SetArgs.Builder.px(300));
    call("WATCH", "e");
    Thread.sleep(500); // expires (and the active expiry cycle may delete it) after the WATCH
    assertThat(execPing()).as("expired after WATCH").isEqualTo(nullArray());

    redis.set("old", "1", SetArgs.Builder.px(20));
    Thread.sleep(100);
    call("WATCH", "old"); // already expired when watched
    Thread.sleep(300);
    assertThat(execPing()).as("expired before WATCH: no change").isEqualTo(array(RespValue.PONG));
  }

  private RespValue execPing() throws Exception {
    call("MULTI");
    call("PING");
    return call("EXEC");
  }

  /** Many clients each doing optimistic increments with WATCH: none is lost, none applied twice. */
  @Test
  void optimisticIncrementsUnderConcurrencyLoseNoUpdate() throws Exception {
    int clients = 8;
    int increments = 40;
    redis.set("counter", "0");
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Integer>> results = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try {
      for (int c = 0; c < clients; c++) {
        results.add(pool.submit(() -> {
          int aborted = 0;
          try (StatefulRedisConnection<String, String> conn = server.connect(protocol)) {
            RedisCommands<String, String> r = conn.sync();
            for (int done = 0; done < increments; ) {
              if (System.nanoTime() > deadline || aborted > 100_000) {
                throw new AssertionError("gave up after " + aborted + " aborted transactions");
              }
              r.watch("counter");
              long v = Long.parseLong(r.get("counter"));
              r.multi();
              r.set("counter", Long.toString(v + 1));
              TransactionResult t = r.exec();
              if (t.wasDiscarded()) {
                aborted++;
              } else {
                done++;
              }
            }
          }
          return aborted;
        }));
      }
      int aborted = 0;
      for (Future<Integer> f : results) {
        aborted += f.get(90, TimeUnit.SECONDS);
      }
      assertThat(redis.get("counter")).isEqualTo(Integer.toString(clients * increments));
      assertThat(aborted).as("contention made some transactions retry").isPositive();
    } finally {
      pool.shutdownNow();
    }
  }
}
