package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * Lettuce tests against one real server per test class: each test gets a new connection speaking
 * the class's protocol ({@link #protocol}, 2 or 3, from {@code @ParameterizedClass}) and an empty
 * keyspace.
 */
public abstract class LettuceTest {
  @RegisterExtension
  protected static final SharedServer server = new SharedServer();

  @Parameter protected int protocol;

  protected StatefulRedisConnection<String, String> connection;
  protected RedisCommands<String, String> r;
  protected RedisAsyncCommands<String, String> async;



  @BeforeEach
  void connect() {
    connection = server.get().connect(protocol);
    r = connection.sync();
    async = connection.async();
    r.flushall();
  }

  @AfterEach
  void disconnect() {
    connection.close();
  }

  /** Any command, as Lettuce's generic output reads its reply (a List, Map, String, Long...). */
  protected Object call(String... args) {
    return call(r, args);
  }

  public static Object call(RedisCommands<String, String> commands, String... args) {
    CommandArgs<String, String> a = new CommandArgs<>(StringCodec.UTF8);
    for (int i = 1; i < args.length; i++) {
      a.add(args[i]);
    }
    return commands.dispatch(keyword(args[0]), new GenericOutput(), a);
  }

  /**
   * Any reply as plain Java values: String (bulk, simple, verbatim), Long, Double, Boolean,
   * BigInteger, null, List (array, push), Set, Map.
   */
  static final class GenericOutput extends CommandOutput<String, String, Object> {
    private final Deque<Frame> open = new ArrayDeque<>();

    GenericOutput() {
      super(StringCodec.UTF8, null);
    }

    private static final class Frame {
      final List<Object> items = new ArrayList<>();
      final char kind;
      int remaining;

      Frame(char kind, int remaining) {
        this.kind = kind;
        this.remaining = remaining;
      }
    }

    @Override
    public void set(ByteBuffer bytes) {
      add(bytes == null ? null : StandardCharsets.UTF_8.decode(bytes).toString());
    }

    @Override
    public void setSingle(ByteBuffer bytes) {
      set(bytes);
    }

    @Override
    public void setBigNumber(ByteBuffer bytes) {
      add(new BigInteger(StandardCharsets.US_ASCII.decode(bytes).toString()));
    }

    @Override
    public void set(long integer) {
      add(integer);
    }

    @Override
    public void set(double number) {
      add(number);
    }

    @Override
    public void set(boolean value) {
      add(value);
    }

    @Override
    public void multi(int count) {
      begin('a', count);
    }

    @Override
    public void multiArray(int count) {
      begin('a', count);
    }

    @Override
    public void multiPush(int count) {
      begin('a', count);
    }

    @Override
    public void multiSet(int count) {
      begin('s', count);
    }

    @Override
    public void multiMap(int count) {
      begin('m', 2 * count);
    }

    private void begin(char kind, int count) {
      if (count < 0) {
        add(null);
        return;
      }
      open.push(new Frame(kind, count));
      finish();
    }

    private void add(Object value) {
      if (open.isEmpty()) {
        output = value;
        return;
      }
      Frame f = open.peek();
      f.items.add(value);
      f.remaining--;
      finish();
    }

    private void finish() {
      while (!open.isEmpty() && open.peek().remaining == 0) {
        Frame f = open.pop();
        Object value;
        if (f.kind == 'm') {
          Map<Object, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < f.items.size(); i += 2) {
            m.put(f.items.get(i), f.items.get(i + 1));
          }
          value = m;
        } else if (f.kind == 's') {
          value = new LinkedHashSet<>(f.items);
        } else {
          value = f.items;
        }
        add(value);
      }
    }
  }

  public static ProtocolKeyword keyword(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return new ProtocolKeyword() {
      @Override
      public byte[] getBytes() {
        return bytes;
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /** The call fails with exactly {@code error} (Redis' text, prefix included). */
  public static void assertError(ThrowingCallable call, String error) {
    assertThatThrownBy(call).isInstanceOf(RedisCommandExecutionException.class).hasMessage(error);
  }

  /** {@code args} fail with exactly {@code error}. */
  protected void assertError(String error, String... args) {
    assertError(() -> call(args), error);
  }
}
