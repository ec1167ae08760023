package io.pacraft.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.ClientOptions;
import io.pacraft.replication.disk.Disk;
import io.pacraft.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real standalone server in a temp directory on an ephemeral 127.0.0.1 port, for tests; close it
 * to stop the server and delete its data. {@link #restart()} reopens the same data directory.
 */
public final class TestServer implements AutoCloseable {
  private final Path dir;
  private final Map<String, String> settings;
  private PacraftServer server;
  private UnaryOperator<Disk> logDisk = UnaryOperator.identity();
  private RedisClient client;

  private TestServer(Path dir, Map<String, String> settings) throws IOException {
    this(dir, settings, UnaryOperator.identity());
  }

  private TestServer(Path dir, Map<String, String> settings, UnaryOperator<Disk> logDisk) throws IOException {
    this.dir = dir;
    this.settings = settings;
    this.logDisk = logDisk;
    boot();
  }

  public static TestServer start(Map<String, String> settings) throws IOException {
    return new TestServer(Files.createTempDirectory("pacraft-test"), settings);
  }

  public static TestServer start() throws IOException {
    return start(Map.of());
  }

  /** A server whose log disk is {@code logDisk} applied to the real one (until {@link #restart()}). */
  public static TestServer start(UnaryOperator<Disk> logDisk) throws IOException {
    return new TestServer(Files.createTempDirectory("pacraft-test"), Map.of(), logDisk);
  }

  private void boot() throws IOException {
    ServerConfig cfg = new ServerConfig(null);
    cfg.setAtStartup("port", "0");
    cfg.setAtStartup("dir", dir.toString());
    cfg.setAtStartup("rocksdb-block-cache-size", "16mb");
    // two loops by default, so that tests cover writes handed from another loop to the group's;
    // -Dtest.io.threads=1 runs them on the default configuration
    cfg.setAtStartup("io-threads", Integer.toString(Integer.getInteger("test.io.threads", 2)));
    settings.forEach(cfg::setAtStartup);
    server = PacraftServer.start(cfg, logDisk);
  }

  /** Stops the server cleanly and starts it again on the same data (and a new port). */
  public void restart() throws IOException {
    server.close();
    logDisk = UnaryOperator.identity();
    boot();
  }

  public PacraftServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public Path dir() {
    return dir;
  }

  public RedisURI uri() {
    return RedisURI.builder().withHost("127.0.0.1").withPort(port()).withTimeout(Duration.ofSeconds(10)).build();
  }

  /** A shared Lettuce client (closed with the server). */
  public RedisClient client() {
    if (client == null) {
      client = RedisClient.create();
    }
    return client;
  }

  /** A new connection speaking {@code protocol} (2 or 3) with String keys and values. */
  public StatefulRedisConnection<String, String> connect(int protocol) {
    client().setOptions(ClientOptions.builder().protocolVersion(protocol == 3 ? ProtocolVersion.RESP3 : ProtocolVersion.RESP2).build());
    return client().connect(uri());
  }

  /** A new binary-safe connection. */
  public StatefulRedisConnection<byte[], byte[]> connectBinary(int protocol) {
    client().setOptions(ClientOptions.builder().protocolVersion(protocol == 3 ? ProtocolVersion.RESP3 : ProtocolVersion.RESP2).build());
    return client().connect(ByteArrayCodec.INSTANCE, uri());
  }

  @Override
  public void close() throws IOException {
    if (client != null) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    server.close();
    deleteTree(dir);
  }

  /** Deletes {@code dir} and everything under it. */
  public static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
