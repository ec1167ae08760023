package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code redis-cli} (Debian's redis-tools) against a server: one-shot commands, commands
 * from stdin, RESP3 with {@code -3}, {@code --scan}, and bulk loading with {@code --pipe}. Skipped
 * only when redis-cli is not installed (CI installs it).
 */
class RedisCliTest {
  @RegisterExtension static final SharedServer server = new SharedServer();
  static StatefulRedisConnection<String, String> connection;
  static RedisCommands<String, String> r;

  /** What a redis-cli run printed, and how it exited. */
  record Run(int exit, String out) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(cliInstalled(), "redis-cli is not installed");
    connection = server.get().connect(3);
    r = connection.sync();
  }

  @AfterAll
  static void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
  }

  @BeforeEach
  void flush() {
    r.flushall();
  }

  private static boolean cliInstalled() {
    try {
      Process p = new ProcessBuilder("redis-cli", "--version").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs redis-cli against the server with {@code args}, feeding {@code stdin} (may be null). */
  private static Run cli(byte[] stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(server.port())));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
    return new Run(p.exitValue(), new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void oneShotCommands() throws Exception {
    assertThat(cli(null, "PING").out()).isEqualTo("PONG\n");
    assertThat(cli(null, "SET", "greeting", "hello world").out()).isEqualTo("OK\n");
    assertThat(cli(null, "GET", "greeting").out()).isEqualTo("hello world\n");
    assertThat(cli(null, "INCRBY", "n", "41").out()).isEqualTo("41\n");
    assertThat(cli(null, "MGET", "greeting", "missing", "n").lines()).containsExactly("hello world", "", "41");
    assertThat(cli(null, "--no-raw", "GET", "missing").out()).isEqualTo("(nil)\n");
    assertThat(cli(null, "--no-raw", "EXISTS", "n").out()).isEqualTo("(integer) 1\n");
    assertThat(cli(null, "INCR", "greeting").out()).isEqualTo("ERR value is not an integer or out of range\n\n");
    assertThat(cli(null, "NOSUCH", "a").out()).isEqualTo("ERR unknown command 'NOSUCH', with args beginning with: 'a' \n\n");
    assertThat(cli(null, "-r", "5", "INCR", "counter").lines()).containsExactly("1", "2", "3", "4", "5");
    assertThat(r.get("greeting")).isEqualTo("hello world");
  }

  @Test
  void commandsFromStdin() throws Exception {
    byte[] script = "SET a 1\nINCR a\nAPPEND a \"x y\"\nGET a\nDEL a\nEXISTS a\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(cli(script).lines()).containsExactly("OK", "2", "4", "2x y", "1", "0");
  }

  @Test
  void resp3WithMinus3() throws Exception {
    assertThat(cli(null, "-3", "--no-raw", "CONFIG", "GET", "maxclients").out()).isEqualTo("1# \"maxclients\" => \"10000\"\n");
    List<String> hello = cli(null, "-3", "--no-raw", "HELLO", "3").lines();
    assertThat(hello).startsWith("1# \"server\" => \"redis\"", "2# \"version\" => \"7.2.0\"", "3# \"proto\" => (integer) 3");
    r.set("k", "v");
    assertThat(cli(null, "-3", "--no-raw", "GET", "missing").out()).isEqualTo("(nil)\n");
    assertThat(cli(null, "-3", "GET", "k").out()).isEqualTo("v\n");
    assertThat(cli(null, "-3", "--no-raw", "COMMAND", "INFO", "get").out()).contains("1) \"get\"", "1~ readonly", "2~ fast");
  }

  @Test
  void scanWithThePatternOption() throws Exception {
    for (int i = 0; i < 120; i++) {
      r.set("scan:" + i, "v");
    }
    r.set("other", "v");
    Run run = cli(null, "--scan", "--pattern", "scan:1*");
    assertThat(run.lines()).hasSize(31).allMatch(k -> k.startsWith("scan:1")).doesNotHaveDuplicates();
  }

  @Test
  void pipeLoadsAHundredThousandSets(@TempDir Path dir) throws Exception {
    int n = 100_000;
    ByteArrayOutputStream protocol = new ByteArrayOutputStream(n * 40);
    for (int i = 0; i < n; i++) {
      protocol.writeBytes(RawConnection.command("SET", "key:" + i, "value:" + i));
    }
    Path file = dir.resolve("load.resp");
    Files.write(file, protocol.toByteArray());
    Run run = cli(Files.readAllBytes(file), "--pipe");
    assertThat(run.exit()).as(run.out()).isZero();
    List<String> lines = run.lines();
    assertThat(lines.get(lines.size() - 1)).isEqualTo("errors: 0, replies: " + n);
    assertThat(r.dbsize()).isEqualTo(n);
    assertThat(r.get("key:0")).isEqualTo("value:0");
    assertThat(r.get("key:54321")).isEqualTo("value:54321");
    assertThat(r.get("key:" + (n - 1))).isEqualTo("value:" + (n - 1));
  }

  @Test
  void pipeCountsErrors() throws Exception {
    byte[] input =
        concat(
            RawConnection.command("SET", "a", "x"),
            RawConnection.command("INCR", "a"),
            RawConnection.command("SET", "b", "1"),
            RawConnection.command("INCR", "b"));
    Run run = cli(input, "--pipe");
    assertThat(run.out()).contains("ERR value is not an integer or out of range");
    assertThat(run.lines().get(run.lines().size() - 1)).isEqualTo("errors: 1, replies: 4");
    assertThat(r.get("b")).isEqualTo("2");
  }

  private static byte[] concat(byte[]... requests) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] q : requests) {
      b.writeBytes(q);
    }
    return b.toByteArray();
  }
}
