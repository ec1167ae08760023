package io.pacraft.server.command.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.ServerTest;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class PubSubTest extends ServerTest {

  /** A pub/sub message as it arrives: RESP3 push, RESP2 array. */
  private RespValue push(RespValue... items) {
    return protocol == 3 ? new RespValue.Push(List.of(items)) : RespValue.array(items);
  }

  private RespValue push(String kind, String name, long count) {
    return push(bulk(kind), name == null ? RespValue.NULL : bulk(name), integer(count));
  }

  @Test
  void subscribePublishUnsubscribe() throws Exception {
    raw.write(RawConnection.command("SUBSCRIBE", "a", "b"));
    assertThat(raw.read()).isEqualTo(push("subscribe", "a", 1));
    assertThat(raw.read()).isEqualTo(push("subscribe", "b", 2));
    assertThat(redis.publish("a", "hello")).isEqualTo(1);
    assertThat(redis.publish("nobody", "x")).isZero();
    assertThat(raw.read()).isEqualTo(push(bulk("message"), bulk("a"), bulk("hello")));
    raw.write(RawConnection.command("PSUBSCRIBE", "news.*"));
    assertThat(raw.read()).isEqualTo(push("psubscribe", "news.*", 3));
    assertThat(redis.publish("news.tech", "n1")).isEqualTo(1);
    assertThat(raw.read()).isEqualTo(push(bulk("pmessage"), bulk("news.*"), bulk("news.tech"), bulk("n1")));
    assertThat(redis.pubsubChannels()).containsExactlyInAnyOrder("a", "b");
    assertThat(redis.pubsubChannels("a*")).containsExactly("a");
    assertThat(redis.pubsubNumsub("a", "zz")).containsEntry("a", 1L).containsEntry("zz", 0L);
    assertThat(redis.pubsubNumpat()).isEqualTo(1);
    assertThat(redis.clientList()).containsPattern("flags=P .*sub=2 psub=1 ssub=0");
    raw.write(RawConnection.command("UNSUBSCRIBE", "a"));
    assertThat(raw.read()).isEqualTo(push("unsubscribe", "a", 2));
    raw.write(RawConnection.command("UNSUBSCRIBE"));
    assertThat(raw.read()).isEqualTo(push("unsubscribe", "b", 1));
    raw.write(RawConnection.command("PUNSUBSCRIBE"));
    assertThat(raw.read()).isEqualTo(push("punsubscribe", "news.*", 0));
    raw.write(RawConnection.command("UNSUBSCRIBE"));
    assertThat(raw.read()).as("nothing to unsubscribe").isEqualTo(push("unsubscribe", null, 0));
    assertThat(call("PING")).isEqualTo(RespValue.PONG);
    assertThat(redis.pubsubNumsub("a")).containsEntry("a", 0L);
  }

  @Test
  void resp2SubscribeModeAllowsOnlySubscriptionCommands() throws Exception {
    raw.write(RawConnection.command("SUBSCRIBE", "a"));
    assertThat(raw.read()).isEqualTo(push("subscribe", "a", 1));
    RespValue get = call("GET", "x");
    RespValue ping = call("PING");
    RespValue pingMessage = call("PING", "hi");
    if (protocol == 2) {
      assertThat(get).isEqualTo(RespValue.error(
          "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
      assertThat(call("CLIENT", "ID")).isEqualTo(RespValue.error(
          "ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
      assertThat(ping).isEqualTo(bulks("pong", ""));
      assertThat(pingMessage).isEqualTo(bulks("pong", "hi"));
    } else {
      assertThat(get).isEqualTo(RespValue.NULL);
      assertThat(ping).isEqualTo(RespValue.PONG);
      assertThat(pingMessage).isEqualTo(bulk("hi"));
    }
    assertThat(call("RESET")).isEqualTo(new RespValue.Simple("RESET"));
    assertThat(redis.pubsubNumsub("a")).as("RESET unsubscribes").containsEntry("a", 0L);
  }

  @Test
  void shardChannels() throws Exception {
    raw.write(RawConnection.command("SSUBSCRIBE", "s1", "s2"));
    assertThat(raw.read()).isEqualTo(push("ssubscribe", "s1", 1));
    assertThat(raw.read()).isEqualTo(push("ssubscribe", "s2", 2));
    assertThat(redis.spublish("s1", "yo")).isEqualTo(1);
    assertThat(redis.publish("s1", "classic")).as("shard and classic channels are apart").isZero();
    assertThat(raw.read()).isEqualTo(push(bulk("smessage"), bulk("s1"), bulk("yo")));
    assertThat(redis.pubsubShardChannels()).containsExactlyInAnyOrder("s1", "s2");
    assertThat(redis.pubsubShardNumsub("s1")).containsEntry("s1", 1L);
    raw.write(RawConnection.command("SUNSUBSCRIBE"));
    assertThat(List.of(raw.read(), raw.read())).containsExactlyInAnyOrder(push("sunsubscribe", "s1", 1), push("sunsubscribe", "s2", 0));
  }

  @Test
  void pubsubErrors() throws Exception {
    assertRawError("ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.", "PUBSUB", "CHANNELS", "a", "b");
    assertRawError("ERR wrong number of arguments for 'pubsub|numpat' command", "PUBSUB", "NUMPAT", "x");
    assertRawError("ERR unknown subcommand 'FOO'. Try PUBSUB HELP.", "PUBSUB", "FOO");
    assertRawError("ERR wrong number of arguments for 'subscribe' command", "SUBSCRIBE");
  }

  @Test
  void closingTheConnectionUnsubscribes() throws Exception {
    try (RawConnection other = rawConnection()) {
      other.write(RawConnection.command("SUBSCRIBE", "gone"));
      other.read();
      assertThat(redis.pubsubNumsub("gone")).containsEntry("gone", 1L);
    }
    long deadline = System.currentTimeMillis() + 5000;
    for (int i = 0; i < 500 && System.currentTimeMillis() < deadline && redis.pubsubNumsub("gone").get("gone") != 0; i++) {
      Thread.sleep(10);
    }
    assertThat(redis.pubsubNumsub("gone")).containsEntry("gone", 0L);
  }

  @Test
  void keyspaceNotifications() throws Exception {
    assertThat(redis.configSet("notify-keyspace-events", "KEA")).isEqualTo("OK");
    try {
      raw.write(RawConnection.command("PSUBSCRIBE", "__key*__:*"));
      raw.read();
      redis.rpush("mylist", "x");
      redis.hset("h", "f", "v");
      redis.del("mylist");
      assertThat(raw.read()).isEqualTo(pmessage("__keyspace@0__:mylist", "rpush"));
      assertThat(raw.read()).isEqualTo(pmessage("__keyevent@0__:rpush", "mylist"));
      assertThat(raw.read()).isEqualTo(pmessage("__keyspace@0__:h", "hset"));
      assertThat(raw.read()).isEqualTo(pmessage("__keyevent@0__:hset", "h"));
      assertThat(raw.read()).isEqualTo(pmessage("__keyspace@0__:mylist", "del"));
      assertThat(raw.read()).isEqualTo(pmessage("__keyevent@0__:del", "mylist"));
      // Only list events, keyspace channel only; 'n' adds new-key events of any type.
      redis.configSet("notify-keyspace-events", "Kln");
      redis.set("s", "1");
      redis.set("s", "2");
      redis.lpush("l2", "a");
      assertThat(raw.read()).isEqualTo(pmessage("__keyspace@0__:s", "new"));
      assertThat(raw.read()).isEqualTo(pmessage("__keyspace@0__:l2", "new"));
      assertThat(raw.read()).isEqualTo(pmessage("__keyspace@0__:l2", "lpush"));
      redis.configSet("notify-keyspace-events", "Ex");
      redis.set("short", "1", io.lettuce.core.SetArgs.Builder.px(50));
      assertThat(raw.read()).as("expiry is an applied delete, notified where it applies").isEqualTo(pmessage("__keyevent@0__:expired", "short"));
    } finally {
      redis.configSet("notify-keyspace-events", "");
    }
  }

  private RespValue pmessage(String channel, String message) {
    return push(bulk("pmessage"), bulk("__key*__:*"), bulk(channel), bulk(message));
  }

  @Test
  void lettucePubSubConnectionReceivesMessages() throws Exception {
    StatefulRedisPubSubConnection<String, String> sub = server.client().connectPubSub(server.uri());
    try {
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      sub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          received.add(channel + "=" + message);
        }

        @Override
        public void message(String pattern, String channel, String message) {
          received.add(pattern + ":" + channel + "=" + message);
        }
      });
      sub.sync().subscribe("c1");
      sub.sync().psubscribe("p*");
      redis.publish("c1", "m1");
      redis.publish("p1", "m2");
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("c1=m1");
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("p*:p1=m2");
    } finally {
      sub.close();
    }
  }
}
