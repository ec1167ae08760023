package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.CompareCondition;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LcsArgs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StringMatchResult;
import io.pacraft.server.LettuceTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The async API: commands of every family sent as one pipeline (auto-flush off), each future
 * completing with its own reply, in order, errors included; and many writes in flight at once.
 */
@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class AsyncCommandsTest extends LettuceTest {

  private static <T> T get(RedisFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void oneFlushManyFamilies() throws Exception {
    connection.setAutoFlushCommands(false);
    try {
      RedisFuture<String> set = async.set("s", "hello");
      RedisFuture<String> setEx = async.set("e", "v", SetArgs.Builder.ex(100));
      RedisFuture<String> ifeq = async.set("s", "world", new SetArgs().compareCondition(CompareCondition.valueEq("hello")));
      RedisFuture<Long> append = async.append("s", "!");
      RedisFuture<String> getrange = async.getrange("s", 0, 4);
      RedisFuture<Long> setrange = async.setrange("s", 0, "W");
      RedisFuture<Long> strlen = async.strlen("s");
      RedisFuture<Long> incr = async.incrby("n", 41);
      RedisFuture<Long> decr = async.decr("n");
      RedisFuture<Double> incrf = async.incrbyfloat("f", 2.5);
      RedisFuture<String> mset = async.mset(Map.of("m1", "a", "m2", "b"));
      RedisFuture<Boolean> msetnx = async.msetnx(Map.of("m1", "x", "m3", "c"));
      RedisFuture<List<KeyValue<String, String>>> mget = async.mget("m1", "m2", "m3");
      RedisFuture<Boolean> setnx = async.setnx("m1", "z");
      RedisFuture<String> getset = async.getset("m2", "bb");
      RedisFuture<String> getex = async.getex("m2", GetExArgs.Builder.px(60_000));
      RedisFuture<String> getdel = async.getdel("m2");
      RedisFuture<StringMatchResult> lcs = async.lcs(LcsArgs.Builder.keys("s", "s"));
      RedisFuture<String> digest = async.digestKey("m1");
      RedisFuture<Long> exists = async.exists("s", "n", "missing");
      RedisFuture<String> type = async.type("s");
      RedisFuture<Boolean> expire = async.expire("s", 500, ExpireArgs.Builder.nx());
      RedisFuture<Long> ttl = async.ttl("s");
      RedisFuture<Boolean> persist = async.persist("s");
      RedisFuture<String> rename = async.rename("n", "n2");
      RedisFuture<Boolean> copy = async.copy("n2", "n3");
      RedisFuture<Long> touch = async.touch("n2", "n3");
      RedisFuture<List<String>> keys = async.keys("n*");
      RedisFuture<Long> dbsize = async.dbsize();
      RedisFuture<String> encoding = async.objectEncoding("n2");
      RedisFuture<Long> del = async.del("n3");
      RedisFuture<Long> unlink = async.unlink("e");
      RedisFuture<Long> delex = async.delex("m1", CompareCondition.valueEq("a"));
      RedisFuture<Long> bad = async.incr("s");
      RedisFuture<String> ping = async.ping();
      RedisFuture<String> echo = async.echo("echo");
      RedisFuture<Long> clientId = async.clientId();
      RedisFuture<String> info = async.info("server");
      RedisFuture<Long> commandCount = async.commandCount();
      connection.flushCommands();

      assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(20), set, setEx, ifeq, append, getrange, setrange, strlen, incr, decr, incrf, mset,
          msetnx, mget, setnx, getset, getex, getdel, lcs, digest, exists, type, expire, ttl, persist, rename, copy, touch, keys, dbsize,
          encoding, del, unlink, delex, ping, echo, clientId, info, commandCount)).isTrue();
      assertThat(get(set)).isEqualTo("OK");
      assertThat(get(setEx)).isEqualTo("OK");
      assertThat(get(ifeq)).isEqualTo("OK");
      assertThat(get(append)).isEqualTo(6);
      assertThat(get(getrange)).isEqualTo("world");
      assertThat(get(setrange)).isEqualTo(6);
      assertThat(get(strlen)).isEqualTo(6);
      assertThat(get(incr)).isEqualTo(41);
      assertThat(get(decr)).isEqualTo(40);
      assertThat(get(incrf)).isEqualTo(2.5);
      assertThat(get(mset)).isEqualTo("OK");
      assertThat(get(msetnx)).isFalse();
      assertThat(get(mget)).containsExactly(KeyValue.just("m1", "a"), KeyValue.just("m2", "b"), KeyValue.empty("m3"));
      assertThat(get(setnx)).isFalse();
      assertThat(get(getset)).isEqualTo("b");
      assertThat(get(getex)).isEqualTo("bb");
      assertThat(get(getdel)).isEqualTo("bb");
      assertThat(get(lcs).getMatchString()).isEqualTo("World!");
      assertThat(get(digest)).matches("[0-9a-f]{16}");
      assertThat(get(exists)).isEqualTo(2);
      assertThat(get(type)).isEqualTo("string");
      assertThat(get(expire)).isTrue();
      assertThat(get(ttl)).isEqualTo(500);
      assertThat(get(persist)).isTrue();
      assertThat(get(rename)).isEqualTo("OK");
      assertThat(get(copy)).isTrue();
      assertThat(get(touch)).isEqualTo(2);
      assertThat(get(keys)).containsExactlyInAnyOrder("n2", "n3");
      assertThat(get(dbsize)).isEqualTo(6);
      assertThat(get(encoding)).isEqualTo("int");
      assertThat(get(del)).isEqualTo(1);
      assertThat(get(unlink)).isEqualTo(1);
      assertThat(get(delex)).isEqualTo(1);
      assertThatThrownBy(() -> get(bad)).isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(RedisCommandExecutionException.class).hasMessage("ERR value is not an integer or out of range");
      assertThat(get(ping)).isEqualTo("PONG");
      assertThat(get(echo)).isEqualTo("echo");
      assertThat(get(clientId)).isPositive();
      assertThat(get(info)).startsWith("# Server\r\nredis_version:");
      assertThat(get(commandCount)).isEqualTo(Commands.table().size());
    } finally {
      connection.setAutoFlushCommands(true);
    }
  }

  @Test
  void manyWritesInFlightAnswerInOrder() throws Exception {
    connection.setAutoFlushCommands(false);
    List<RedisFuture<Long>> incrs = new ArrayList<>();
    List<RedisFuture<String>> gets = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        incrs.add(async.incr("counter"));
        if (i % 100 == 0) {
          gets.add(async.get("counter"));
        }
      }
      connection.flushCommands();
      assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(60), incrs.toArray(new RedisFuture[0]))).isTrue();
      assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(60), gets.toArray(new RedisFuture[0]))).isTrue();
    } finally {
      connection.setAutoFlushCommands(true);
    }
    for (int i = 0; i < incrs.size(); i++) {
      assertThat(get(incrs.get(i))).isEqualTo(i + 1);
    }
    for (int j = 0; j < gets.size(); j++) {
      assertThat(get(gets.get(j))).isEqualTo(Integer.toString(j * 100 + 1)); // each read sees exactly the writes before it
    }
  }
}
