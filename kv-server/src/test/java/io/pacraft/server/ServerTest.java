package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.pacraft.resp.RespValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;

/**
 * One real server per test class; before each test an empty keyspace, a Lettuce connection and a
 * raw socket, both speaking {@link #protocol} (2 or 3: subclasses run every test in both with
 * {@code @ParameterizedClass @ValueSource(ints = {2, 3})}).
 */
public abstract class ServerTest {
  protected static TestServer server;

  @Parameter protected int protocol;

  protected StatefulRedisConnection<String, String> connection;
  protected RedisCommands<String, String> redis;
  protected RawConnection raw;

  @BeforeAll
  static void startServer() throws IOException {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @BeforeEach
  void connect() throws IOException {
    connection = server.connect(protocol());
    redis = connection.sync();
    redis.flushall();
    raw = rawConnection();
  }

  @AfterEach
  void disconnect() throws IOException {
    connection.close();
    raw.close();
  }

  /** The protocol under test (3 for classes that are not parameterized). */
  protected int protocol() {
    return protocol == 0 ? 3 : protocol;
  }

  /** A new raw connection speaking {@link #protocol()}. */
  protected RawConnection rawConnection() throws IOException {
    RawConnection c = new RawConnection(server.port());
    if (protocol() == 3) {
      assertThat(c.call("HELLO", "3")).isInstanceOf(RespValue.Map.class);
    }
    return c;
  }

  /** Sends one command on the raw connection and returns its reply. */
  protected RespValue call(String... args) throws IOException {
    return raw.call(args);
  }

  /** Asserts that {@code call} fails with exactly the error {@code message}. */
  protected static void assertError(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(RedisCommandExecutionException.class).hasMessage(message);
  }

  /** Asserts that the raw command answers exactly the error {@code message}. */
  protected void assertRawError(String message, String... args) throws IOException {
    assertThat(call(args)).isEqualTo(RespValue.error(message));
  }

  protected static RespValue bulk(String s) {
    return RespValue.bulk(s);
  }

  protected static RespValue integer(long n) {
    return RespValue.integer(n);
  }

  protected static RespValue array(RespValue... items) {
    return RespValue.array(items);
  }

  protected static RespValue bulks(String... items) {
    List<RespValue> out = new ArrayList<>();
    for (String s : items) {
      out.add(RespValue.bulk(s));
    }
    return RespValue.array(out);
  }

  /** A null array as it arrives: RESP2 {@code *-1}, RESP3 {@code _} (read as the null bulk). */
  protected RespValue nullArray() {
    return protocol() == 3 ? RespValue.NULL : RespValue.NULL_ARRAY;
  }

  /** A double reply as it arrives: a RESP3 double, or a RESP2 bulk string of its text. */
  protected RespValue dbl(String text) {
    if (protocol() == 2) {
      return RespValue.bulk(text);
    }
    double d = switch (text) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
    return new RespValue.Double(d);
  }

  /** A set reply: RESP3 {@code ~}, RESP2 an array. */
  protected RespValue set(String... items) {
    List<RespValue> out = new ArrayList<>();
    for (String s : items) {
      out.add(RespValue.bulk(s));
    }
    return protocol() == 3 ? new RespValue.Set(out) : RespValue.array(out);
  }

  /** Pairs as they arrive: RESP3 [[a, b], ...], RESP2 [a, b, ...]. */
  protected RespValue pairs(RespValue... flat) {
    if (protocol() == 2) {
      return RespValue.array(flat);
    }
    List<RespValue> out = new ArrayList<>();
    for (int i = 0; i < flat.length; i += 2) {
      out.add(RespValue.array(flat[i], flat[i + 1]));
    }
    return RespValue.array(out);
  }

  protected static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
  protected static final String SYNTAX = "ERR syntax error";
  protected static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  protected static final String NOT_FLOAT = "ERR value is not a valid float";
}
