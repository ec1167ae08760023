package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientListArgs;
import io.lettuce.core.KillArgs;
import io.pacraft.resp.RespValue;
import io.pacraft.server.LettuceTest;
import io.pacraft.server.RawConnection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** PING, ECHO, HELLO, SELECT, QUIT, RESET and CLIENT, over Lettuce (RESP2 and RESP3) and, where the wire matters, a raw socket. */
@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class ConnectionCommandsTest extends LettuceTest {

  @Test
  void pingAndEcho() {
    assertThat(r.ping()).isEqualTo("PONG");
    assertThat(call("PING", "hello")).isEqualTo("hello");
    assertThat(r.echo("hi")).isEqualTo("hi");
    assertThat(r.echo("")).isEmpty();
    assertError("ERR wrong number of arguments for 'ping' command", "PING", "a", "b");
    assertError("ERR wrong number of arguments for 'echo' command", "ECHO");
    assertError("ERR wrong number of arguments for 'echo' command", "ECHO", "a", "b");
  }

  @Test
  void helloReportsTheConnection() {
    Object reply = call("HELLO");
    Map<String, Object> fields = protocol == 3 ? asMap(reply) : pairs((List<?>) reply);
    assertThat(fields)
        .containsEntry("server", "redis")
        .containsEntry("version", "7.2.0")
        .containsEntry("proto", (long) protocol)
        .containsEntry("id", r.clientId())
        .containsEntry("mode", "standalone")
        .containsEntry("role", "master")
        .containsEntry("modules", List.of());
    assertThat(fields.keySet()).containsExactly("server", "version", "proto", "id", "mode", "role", "modules");
  }

  @Test
  void helloErrors() {
    assertError("NOPROTO unsupported protocol version", "HELLO", "4");
    assertError("NOPROTO unsupported protocol version", "HELLO", "1");
    assertError("ERR Protocol version is not an integer or out of range", "HELLO", "abc");
    assertError("ERR Syntax error in HELLO option 'bogus'", "HELLO", String.valueOf(protocol), "bogus");
    assertError("ERR Syntax error in HELLO option 'SETNAME'", "HELLO", String.valueOf(protocol), "SETNAME");
    assertError("ERR Syntax error in HELLO option 'AUTH'", "HELLO", String.valueOf(protocol), "AUTH", "default");
    assertError("ERR Client names cannot contain spaces, newlines or special characters.", "HELLO", String.valueOf(protocol), "SETNAME", "a b");
    assertError("WRONGPASS invalid username-password pair or user is disabled.", "HELLO", String.valueOf(protocol), "AUTH", "bob", "x");
    // without a password configured the default user takes any password
    call("HELLO", String.valueOf(protocol), "AUTH", "default", "anything", "SETNAME", "named");
    assertThat(r.clientGetname()).isEqualTo("named");
    assertThat(r.ping()).isEqualTo("PONG");
  }

  @Test
  void helloSwitchesTheProtocolOnTheWire() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.call("GET", "missing")).isEqualTo(RespValue.NULL); // $-1 in RESP2
      RespValue hello3 = c.call("HELLO", "3");
      assertThat(hello3).isInstanceOf(RespValue.Map.class);
      assertThat(((RespValue.Map) hello3).size()).isEqualTo(7);
      c.write(RawConnection.command("GET", "missing"));
      assertThat(c.read()).isEqualTo(RespValue.NULL);
      RespValue hello2 = c.call("HELLO", "2");
      assertThat(hello2).isInstanceOf(RespValue.Array.class);
      assertThat(((RespValue.Array) hello2).items()).hasSize(14);
      assertThat(((RespValue.Array) hello2).items().get(5)).isEqualTo(RespValue.integer(2));
    }
  }

  @Test
  void repliesBeforeAHelloKeepTheirProtocol() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      // a write still in flight when a pipelined HELLO 3 switches the protocol is answered in RESP2
      c.write(concat(RawConnection.command("SET", "hello-k", "v", "GET"), RawConnection.command("HELLO", "3")));
      assertThat(new String(c.readBytes(5), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("$-1\r\n");
      assertThat(c.read()).isInstanceOf(RespValue.Map.class);
      c.write(concat(RawConnection.command("GETDEL", "missing"), RawConnection.command("HELLO", "2")));
      assertThat(new String(c.readBytes(3), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("_\r\n");
      assertThat(c.read()).isInstanceOf(RespValue.Array.class);
    }
  }

  @Test
  void select() {
    assertThat(r.select(0)).isEqualTo("OK");
    assertError("ERR DB index is out of range", "SELECT", "1");
    assertError("ERR DB index is out of range", "SELECT", "-1");
    assertError("ERR value is not an integer or out of range", "SELECT", "abc");
    assertError("ERR wrong number of arguments for 'select' command", "SELECT");
  }

  @Test
  void quitRepliesThenCloses() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      c.write(concat(RawConnection.command("SET", "q", "1"), RawConnection.command("QUIT"), RawConnection.command("SET", "q", "2")));
      assertThat(c.read()).isEqualTo(RespValue.OK);
      assertThat(c.read()).isEqualTo(RespValue.OK);
      assertThat(c.closedByServer(5000)).isTrue();
    }
    assertThat(r.get("q")).isEqualTo("1"); // nothing after QUIT runs
  }

  @Test
  void resetRestoresANewConnectionsState() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      c.call("HELLO", "3", "SETNAME", "before");
      assertThat(c.call("CLIENT", "GETNAME")).isEqualTo(RespValue.bulk("before"));
      long id = ((RespValue.Int) c.call("CLIENT", "ID")).value();
      assertThat(c.call("RESET")).isEqualTo(new RespValue.Simple("RESET"));
      assertThat(c.call("CLIENT", "GETNAME")).isEqualTo(RespValue.NULL);
      assertThat(c.call("HELLO")).isInstanceOf(RespValue.Array.class); // back to RESP2
      assertThat(c.call("CLIENT", "ID")).isEqualTo(RespValue.integer(id)); // same connection
      assertThat(c.call("RESET", "x")).isEqualTo(RespValue.error("ERR wrong number of arguments for 'reset' command"));
    }
  }

  @Test
  void clientIdAndNames() {
    long id = r.clientId();
    assertThat(id).isPositive();
    assertThat(r.clientId()).isEqualTo(id);
    assertThat(r.clientGetname()).isNull();
    assertThat(r.clientSetname("worker-1")).isEqualTo("OK");
    assertThat(r.clientGetname()).isEqualTo("worker-1");
    assertThat(r.clientSetname("")).isEqualTo("OK");
    assertThat(r.clientGetname()).isNull();
    assertError("ERR Client names cannot contain spaces, newlines or special characters.", "CLIENT", "SETNAME", "a b");
    assertError("ERR Client names cannot contain spaces, newlines or special characters.", "CLIENT", "SETNAME", "a\nb");
    assertError("ERR wrong number of arguments for 'client|setname' command", "CLIENT", "SETNAME");
    assertError("ERR wrong number of arguments for 'client|id' command", "CLIENT", "ID", "x");
    assertError("ERR wrong number of arguments for 'client|getname' command", "CLIENT", "GETNAME", "x");
    assertError("ERR unknown subcommand 'bogus'. Try CLIENT HELP.", "CLIENT", "bogus");
    assertError("ERR wrong number of arguments for 'client' command", "CLIENT");
  }

  @Test
  void clientSetinfoShowsInClientInfo() {
    assertThat(r.clientSetinfo("lib-name", "mylib")).isEqualTo("OK");
    assertThat(r.clientSetinfo("LIB-VER", "1.2.3")).isEqualTo("OK");
    String info = r.clientInfo();
    assertThat(info).contains(" lib-name=mylib ").endsWith(" lib-ver=1.2.3\n");
    assertError("ERR Unrecognized option 'bogus'", "CLIENT", "SETINFO", "bogus", "x");
    assertError("ERR lib-name cannot contain spaces, newlines or special characters.", "CLIENT", "SETINFO", "lib-name", "a b");
    assertError("ERR LIB-VER cannot contain spaces, newlines or special characters.", "CLIENT", "SETINFO", "LIB-VER", "a b");
    assertError("ERR wrong number of arguments for 'client|setinfo' command", "CLIENT", "SETINFO", "lib-name");
  }

  @Test
  void clientInfoAndList() {
    r.clientSetname("me");
    long id = r.clientId();
    String info = r.clientInfo();
    assertThat(info).endsWith("\n").doesNotContain("\n\n");
    Map<String, String> f = fields(info.trim());
    assertThat(f.keySet())
        .startsWith("id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi")
        .contains("cmd", "user", "resp", "lib-name", "lib-ver");
    assertThat(f).containsEntry("id", Long.toString(id)).containsEntry("name", "me").containsEntry("db", "0")
        .containsEntry("flags", "N").containsEntry("cmd", "client|info").containsEntry("resp", Integer.toString(protocol))
        .containsEntry("user", "default");
    assertThat(f.get("laddr")).isEqualTo("127.0.0.1:" + server.port());

    String list = r.clientList();
    assertThat(list.lines()).anySatisfy(line -> assertThat(fields(line)).containsEntry("id", Long.toString(id)).containsEntry("cmd", "client|list"));
    assertThat(r.clientList(ClientListArgs.Builder.ids(id)).lines()).hasSize(1);
    assertThat(r.clientList(ClientListArgs.Builder.ids(id + 100_000))).isEmpty();
    assertThat(call("CLIENT", "LIST", "ID", "0", "-5")).isEqualTo("");
    assertThat(r.clientList(ClientListArgs.Builder.typePubsub())).isEmpty();
    assertThat(r.clientList(ClientListArgs.Builder.typeNormal())).contains("id=" + id + " ");
    assertError("ERR Unknown client type 'bogus'", "CLIENT", "LIST", "TYPE", "bogus");
    assertError("ERR Invalid client ID", "CLIENT", "LIST", "ID", "1", "abc");
    assertError("ERR syntax error", "CLIENT", "LIST", "bogus");
    assertError("ERR wrong number of arguments for 'client|info' command", "CLIENT", "INFO", "x");
  }

  @Test
  void clientKill() throws Exception {
    try (RawConnection victim = new RawConnection(server.port());
        RawConnection other = new RawConnection(server.port())) {
      long victimId = ((RespValue.Int) victim.call("CLIENT", "ID")).value();
      String otherAddr = addrOf(other);
      assertThat(r.clientKill(KillArgs.Builder.id(victimId))).isEqualTo(1);
      assertThat(victim.closedByServer(5000)).isTrue();
      assertThat(r.clientKill(KillArgs.Builder.id(victimId))).isZero();
      assertThat(r.clientKill(otherAddr)).isEqualTo("OK"); // the old form, by address
      assertThat(other.closedByServer(5000)).isTrue();
    }
    try (RawConnection a = new RawConnection(server.port())) {
      a.call("PING");
      // by type, skipping the caller
      assertThat(r.clientKill(KillArgs.Builder.typeNormal())).isGreaterThanOrEqualTo(1);
      assertThat(a.closedByServer(5000)).isTrue();
      assertThat(r.ping()).isEqualTo("PONG");
    }
    assertError("ERR No such client", "CLIENT", "KILL", "1.2.3.4:5");
    assertError("ERR client-id should be greater than 0", "CLIENT", "KILL", "ID", "abc");
    assertError("ERR client-id should be greater than 0", "CLIENT", "KILL", "ID", "0");
    assertError("ERR Unknown client type 'bogus'", "CLIENT", "KILL", "TYPE", "bogus");
    assertError("ERR syntax error", "CLIENT", "KILL", "SKIPME", "maybe");
    assertError("ERR syntax error", "CLIENT", "KILL", "BOGUS", "x");
    assertThat(call("CLIENT", "KILL", "ADDR", "1.2.3.4:5")).isEqualTo(0L);
  }

  @Test
  void clientKillMyselfRepliesFirst() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      long id = ((RespValue.Int) c.call("CLIENT", "ID")).value();
      assertThat(c.call("CLIENT", "KILL", "ID", Long.toString(id), "SKIPME", "no")).isEqualTo(RespValue.integer(1));
      assertThat(c.closedByServer(5000)).isTrue();
    }
  }

  private static String addrOf(RawConnection c) throws Exception {
    RespValue info = c.call("CLIENT", "INFO");
    String text = info instanceof RespValue.Verbatim v ? new String(v.text()) : ((RespValue.Bulk) info).utf8();
    return fields(text.trim()).get("addr");
  }

  static Map<String, String> fields(String line) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String kv : line.split(" ")) {
      int eq = kv.indexOf('=');
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object o) {
    return (Map<String, Object>) o;
  }

  private static Map<String, Object> pairs(List<?> flat) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      m.put((String) flat.get(i), flat.get(i + 1));
    }
    return m;
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
