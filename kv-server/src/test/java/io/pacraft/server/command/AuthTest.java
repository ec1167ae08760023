package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.SharedServer;
import io.pacraft.server.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** AUTH, HELLO AUTH and NOAUTH on a server started with requirepass, and Lettuce logging in with a password. */
class AuthTest {
  static final String NOAUTH = "NOAUTH Authentication required.";
  static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  @RegisterExtension
  static final SharedServer server = new SharedServer(Map.of("requirepass", "s3cret"));



  @Test
  void commandsNeedAuthentication() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.call("GET", "k")).isEqualTo(RespValue.error(NOAUTH));
      assertThat(c.call("SET", "k", "v")).isEqualTo(RespValue.error(NOAUTH));
      assertThat(c.call("PING")).isEqualTo(RespValue.error(NOAUTH));
      assertThat(c.call("CLIENT", "ID")).isEqualTo(RespValue.error(NOAUTH));
      // an unknown command or wrong arity is reported as such, before authentication
      assertThat(c.call("NOSUCH")).isEqualTo(RespValue.error("ERR unknown command 'NOSUCH', with args beginning with: "));
      assertThat(c.call("AUTH", "wrong")).isEqualTo(RespValue.error(WRONGPASS));
      assertThat(c.call("AUTH", "default", "wrong")).isEqualTo(RespValue.error(WRONGPASS));
      assertThat(c.call("AUTH", "bob", "s3cret")).isEqualTo(RespValue.error(WRONGPASS));
      assertThat(c.call("GET", "k")).isEqualTo(RespValue.error(NOAUTH));
      assertThat(c.call("AUTH", "s3cret")).isEqualTo(RespValue.OK);
      assertThat(c.call("SET", "k", "v")).isEqualTo(RespValue.OK);
      assertThat(c.call("AUTH", "a", "b", "c")).isEqualTo(RespValue.error("ERR syntax error"));
      // RESET logs out again
      assertThat(c.call("RESET")).isEqualTo(new RespValue.Simple("RESET"));
      assertThat(c.call("GET", "k")).isEqualTo(RespValue.error(NOAUTH));
      assertThat(c.call("AUTH", "default", "s3cret")).isEqualTo(RespValue.OK);
      assertThat(c.call("GET", "k")).isEqualTo(RespValue.bulk("v"));
    }
  }

  @Test
  void helloAuthenticates() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.call("HELLO", "3"))
          .isEqualTo(
              RespValue.error(
                  "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH"
                      + " <user> <pass> option can be used to authenticate the client and select the RESP protocol"
                      + " version at the same time"));
      assertThat(c.call("HELLO", "3", "AUTH", "default", "nope")).isEqualTo(RespValue.error(WRONGPASS));
      assertThat(c.call("HELLO", "3", "AUTH", "default", "s3cret", "SETNAME", "in")).isInstanceOf(RespValue.Map.class);
      assertThat(c.call("CLIENT", "GETNAME")).isEqualTo(RespValue.bulk("in"));
    }
  }

  @Test
  void lettuceLogsInWithThePasswordOnBothProtocols() {
    RedisClient client = RedisClient.create();
    try {
      for (ProtocolVersion v : new ProtocolVersion[] {ProtocolVersion.RESP2, ProtocolVersion.RESP3}) {
        client.setOptions(ClientOptions.builder().protocolVersion(v).build());
        RedisURI good = RedisURI.builder().withHost("127.0.0.1").withPort(server.port()).withPassword("s3cret".toCharArray()).withTimeout(Duration.ofSeconds(10)).build();
        try (StatefulRedisConnection<String, String> c = client.connect(good)) {
          assertThat(c.sync().set("lettuce", v.name())).isEqualTo("OK");
          assertThat(c.sync().get("lettuce")).isEqualTo(v.name());
        }
        RedisURI bad = RedisURI.builder().withHost("127.0.0.1").withPort(server.port()).withPassword("wrong".toCharArray()).withTimeout(Duration.ofSeconds(10)).build();
        // The server answers WRONGPASS (asserted over raw RESP above); Lettuce reports it as the
        // cause, or, when the failed handshake closes the channel first, as a handshake error.
        assertThatThrownBy(() -> client.connect(bad).close()).isInstanceOf(RedisConnectionException.class);
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  @Test
  void authWithoutAPasswordConfigured() throws Exception {
    try (TestServer open = TestServer.start(); RawConnection c = new RawConnection(open.port())) {
      assertThat(c.call("AUTH", "x"))
          .isEqualTo(
              RespValue.error(
                  "ERR AUTH <password> called without any password configured for the default user. Are you sure your"
                      + " configuration is correct?"));
      assertThat(c.call("AUTH", "default", "anything")).isEqualTo(RespValue.OK);
    }
  }
}
