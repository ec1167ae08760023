package io.pacraft.jepsen.runner;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * The connections of one logical client process: one to the node it writes to (it follows {@code
 * MOVED} to the leader), and with replica reads one more to its home node in READONLY mode. Lettuce
 * never reconnects or resends by itself here: a request on a lost connection is not retried behind
 * the history's back; the process is retired instead and its successor connects afresh.
 */
public final class ClientSession implements AutoCloseable {
  private final RedisClient client;
  private final List<String> addresses;
  private final String home;
  private final boolean replicaReads;
  private final Duration timeout;
  private String target;
  private StatefulRedisConnection<String, String> writer;
  private StatefulRedisConnection<String, String> reader;

  public ClientSession(RedisClient client, List<String> addresses, int slot, boolean replicaReads, Duration timeout) {
    this.client = client;
    this.addresses = List.copyOf(addresses);
    this.home = addresses.get(slot % addresses.size());
    this.target = home;
    this.replicaReads = replicaReads;
    this.timeout = timeout;
  }

  /** Lettuce options: no auto-reconnect, no queueing while disconnected, fixed timeouts. */
  public static ClientOptions options(Duration timeout) {
    return ClientOptions.builder()
        .autoReconnect(false)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(Math.min(1000, timeout.toMillis()))).build())
        .timeoutOptions(TimeoutOptions.enabled(timeout))
        .build();
  }

  /** Commands on the connection to the node this process writes to (connects if needed). */
  public RedisCommands<String, String> writer() {
    if (writer == null || !writer.isOpen()) {
      closeQuietly(writer);
      writer = null;
      writer = client.connect(uri(target));
      writer.setTimeout(timeout);
    }
    return writer.sync();
  }

  /** Commands for reads: the home node in READONLY mode with replica reads, else {@link #writer()}. */
  public RedisCommands<String, String> reader() {
    if (!replicaReads) {
      return writer();
    }
    if (reader == null || !reader.isOpen()) {
      closeQuietly(reader);
      reader = null;
      StatefulRedisConnection<String, String> c = client.connect(uri(home));
      c.setTimeout(timeout);
      c.sync().readOnly();
      reader = c;
    }
    return reader.sync();
  }

  /** After a {@code MOVED}: the next writes go to {@code hostPort}. */
  public void follow(String hostPort) {
    if (hostPort != null && !hostPort.equals(target)) {
      target = hostPort;
      closeQuietly(writer);
      writer = null;
    }
  }

  /** Another node to try when the current one cannot be reached. */
  public void rotate() {
    int i = addresses.indexOf(target);
    target = addresses.get((i + 1) % addresses.size());
    closeQuietly(writer);
    writer = null;
  }

  private static RedisURI uri(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return RedisURI.create(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static void closeQuietly(StatefulRedisConnection<String, String> c) {
    if (c != null) {
      try {
        c.closeAsync();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(writer);
    closeQuietly(reader);
    writer = null;
    reader = null;
  }
}
