package io.pacraft.server.blocking;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.ServerTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class BlockingPopTest extends ServerTest {

  /** Waits (bounded) until exactly {@code n} clients are blocked. */
  private void awaitBlocked(int n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    for (int i = 0; i < 2000 && System.currentTimeMillis() < deadline; i++) {
      if (blocked() == n) {
        return;
      }
      Thread.sleep(5);
    }
    assertThat(blocked()).as("blocked clients").isEqualTo(n);
  }

  private int blocked() {
    for (String line : redis.info("clients").split("\r\n")) {
      if (line.startsWith("blocked_clients:")) {
        return Integer.parseInt(line.substring("blocked_clients:".length()));
      }
    }
    throw new AssertionError("no blocked_clients in INFO");
  }

  /** A client that sent a blocking command and waits for its reply. */
  private RawConnection block(String... command) throws Exception {
    RawConnection c = rawConnection();
    int before = blocked();
    c.write(RawConnection.command(command));
    awaitBlocked(before + 1);
    return c;
  }

  @Test
  void timesOutWithANullReply() throws Exception {
    long start = System.nanoTime();
    assertThat(call("BLPOP", "nolist", "0.2")).isEqualTo(nullArray());
    assertThat((System.nanoTime() - start) / 1_000_000).as("waited for the timeout").isGreaterThanOrEqualTo(190);
    assertThat(call("BRPOPLPUSH", "nolist", "dst", "0.05")).isEqualTo(nullArray());
    assertThat(call("BZPOPMIN", "nozset", "0.05")).isEqualTo(nullArray());
    assertThat(call("BLMPOP", "0.05", "1", "nolist", "LEFT")).isEqualTo(nullArray());
    assertThat(blocked()).isZero();
    assertRawError("ERR timeout is negative", "BLPOP", "l", "-1");
    assertRawError("ERR timeout is not a float or out of range", "BLPOP", "l", "abc");
    assertRawError("ERR timeout is out of range", "BLPOP", "l", "1e300");
    redis.set("s", "x");
    assertRawError(WRONGTYPE, "BLPOP", "s", "0");
  }

  @Test
  void availableElementsArePoppedAtOnce() throws Exception {
    redis.rpush("l", "a", "b");
    assertThat(call("BLPOP", "nolist", "l", "0")).isEqualTo(bulks("l", "a"));
    assertThat(call("BRPOP", "l", "0")).isEqualTo(bulks("l", "b"));
    assertThat(redis.exists("l")).isZero();
  }

  @Test
  void aPushWakesTheBlockedClient() throws Exception {
    try (RawConnection c = block("BLPOP", "l1", "l2", "0")) {
      assertThat(redis.clientList()).contains("flags=b");
      redis.rpush("l2", "x");
      assertThat(c.read()).as("blocked on several keys: served from the one pushed").isEqualTo(bulks("l2", "x"));
      awaitBlocked(0);
      assertThat(redis.exists("l2")).isZero();
    }
  }

  @Test
  void clientsAreServedInArrivalOrder() throws Exception {
    List<RawConnection> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        clients.add(block("BLPOP", "q", "0"));
      }
      redis.rpush("q", "first");
      assertThat(clients.get(0).read()).isEqualTo(bulks("q", "first"));
      awaitBlocked(2);
      assertThat(redis.llen("q")).as("one push, one of two waiting clients served").isZero();
      redis.rpush("q", "second", "third");
      assertThat(clients.get(1).read()).isEqualTo(bulks("q", "second"));
      assertThat(clients.get(2).read()).isEqualTo(bulks("q", "third"));
      awaitBlocked(0);
    } finally {
      for (RawConnection c : clients) {
        c.close();
      }
    }
  }

  @Test
  void killedBlockedClientTakesNothing() throws Exception {
    RawConnection c = block("BLPOP", "k", "0");
    long id = Long.parseLong(redis.clientList().lines().filter(l -> l.contains("flags=b")).findFirst().orElseThrow()
        .replaceAll("^id=(\\d+) .*", "$1"));
    assertThat(redis.clientKill(io.lettuce.core.KillArgs.Builder.id(id))).isEqualTo(1);
    awaitBlocked(0);
    assertThat(c.closedByServer(5000)).isTrue();
    c.close();
    redis.rpush("k", "kept");
    assertThat(redis.lrange("k", 0, -1)).containsExactly("kept");
  }

  @Test
  void pushesInsideMultiWakeClientsAfterExec() throws Exception {
    try (RawConnection c = block("BLPOP", "m", "0")) {
      call("MULTI");
      call("LPUSH", "m", "x");
      call("LPUSH", "m", "y");
      assertThat(blocked()).as("nothing applied while queuing").isEqualTo(1);
      call("EXEC");
      assertThat(c.read()).as("the list as EXEC left it").isEqualTo(bulks("m", "y"));
      assertThat(redis.lrange("m", 0, -1)).containsExactly("x");
    }
    try (RawConnection c = block("BLPOP", "m2", "0")) {
      call("MULTI");
      call("LPUSH", "m2", "x");
      call("LPOP", "m2");
      call("EXEC");
      redis.set("unrelated", "1");
      Thread.sleep(100);
      assertThat(blocked()).as("pushed and popped in one transaction: still blocked").isEqualTo(1);
      redis.rpush("m2", "later");
      assertThat(c.read()).isEqualTo(bulks("m2", "later"));
    }
  }

  @Test
  void blockingMovesAndSortedSets() throws Exception {
    try (RawConnection move = block("BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
        RawConnection rpl = block("BRPOPLPUSH", "src2", "dst", "0");
        RawConnection zmin = block("BZPOPMIN", "z", "0");
        RawConnection zm = block("BZMPOP", "0", "1", "z2", "MAX", "COUNT", "2");
        RawConnection lm = block("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "5")) {
      redis.rpush("src", "v1");
      assertThat(move.read()).isEqualTo(bulk("v1"));
      redis.rpush("src2", "v2");
      assertThat(rpl.read()).isEqualTo(bulk("v2"));
      assertThat(redis.lrange("dst", 0, -1)).containsExactly("v2", "v1");
      redis.zadd("z", 5, "five");
      assertThat(zmin.read()).isEqualTo(array(bulk("z"), bulk("five"), dbl("5")));
      redis.zadd("z2", 1, "one");
      assertThat(zm.read()).isEqualTo(array(bulk("z2"), array(array(bulk("one"), dbl("1")))));
      redis.rpush("b", "1", "2", "3");
      assertThat(lm.read()).isEqualTo(array(bulk("b"), bulks("3", "2", "1")));
    }
  }

  @Test
  void aClientBlockedOnAKeyThatBecomesAnotherTypeKeepsWaiting() throws Exception {
    try (RawConnection c = block("BLPOP", "t", "0")) {
      redis.set("t", "string");
      Thread.sleep(100);
      assertThat(blocked()).isEqualTo(1);
      redis.del("t");
      redis.rpush("t", "v");
      assertThat(c.read()).isEqualTo(bulks("t", "v"));
    }
  }

  @Test
  void timeoutWhileWaitingReleasesTheClient() throws IOException, InterruptedException {
    try (RawConnection c = rawConnection()) {
      c.write(RawConnection.command("BLPOP", "never", "0.3"));
      assertThat(c.read()).isEqualTo(nullArray());
      awaitBlocked(0);
      redis.rpush("never", "x");
      assertThat(redis.llen("never")).as("the timed-out client took nothing").isEqualTo(1);
      assertThat(c.call("PING")).isEqualTo(RespValue.PONG);
    }
  }
}
