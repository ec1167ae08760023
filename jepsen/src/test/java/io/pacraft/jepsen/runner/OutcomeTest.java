package io.pacraft.jepsen.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

/** Failures known to have had no effect are :fail; anything that may have happened is :info. */
class OutcomeTest {
  @Test
  void redirectsAndRefusalsAreDefinite() {
    Outcome moved = Outcome.of(new RedisCommandExecutionException("MOVED 866 127.0.0.1:7002"));
    assertThat(moved.definite()).isTrue();
    assertThat(moved.movedTo()).isEqualTo("127.0.0.1:7002");
    for (String e : new String[] {"CLUSTERDOWN The cluster is down", "TRYAGAIN", "READONLY You can't write against a read only replica.",
        "EXECABORT Transaction discarded because of previous errors.", "WRONGTYPE Operation against a key holding the wrong kind of value"}) {
      assertThat(Outcome.ofReply(e).definite()).as(e).isTrue();
    }
    assertThat(Outcome.of(new RedisConnectionException("Unable to connect to 127.0.0.1:1")).definite()).isTrue();
    assertThat(Outcome.of(new RedisException("Currently not connected. Commands are rejected.")).definite()).isTrue();
  }

  @Test
  void timeoutsLostConnectionsAndUnknownErrorsAreIndeterminate() {
    assertThat(Outcome.of(new RedisCommandTimeoutException("Command timed out after 2 second(s)")).definite()).isFalse();
    assertThat(Outcome.of(new RedisException("Connection closed")).definite()).isFalse();
    assertThat(Outcome.of(new java.util.concurrent.ExecutionException(new RedisException("Connection disconnected"))).definite()).isFalse();
    assertThat(Outcome.ofReply("ERR write outcome unknown: leader lost").definite()).isFalse();
    assertThat(Outcome.ofReply("ERR something else").definite()).isFalse();
    // a prefix must be the whole first word
    assertThat(Outcome.ofReply("MOVEDX 1 a:1").definite()).isFalse();
  }
}
