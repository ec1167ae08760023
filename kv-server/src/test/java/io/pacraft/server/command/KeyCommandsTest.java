package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.CopyArgs;
import io.lettuce.core.ExpireArgs;
import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.pacraft.server.LettuceTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The generic keyspace commands over Lettuce's sync API, RESP2 and RESP3, checked against redis-server 7.0.15. */
@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class KeyCommandsTest extends LettuceTest {
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";

  @Test
  void delUnlinkExistsType() {
    r.mset(Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(r.exists("a", "a", "missing", "b")).isEqualTo(3); // a key named twice counts twice
    assertThat(r.type("a")).isEqualTo("string");
    assertThat(r.type("missing")).isEqualTo("none");
    assertThat(r.del("a", "missing", "a")).isEqualTo(1);
    assertThat(r.unlink("b", "c", "missing")).isEqualTo(2);
    assertThat(r.dbsize()).isZero();
    assertError("ERR wrong number of arguments for 'del' command", "DEL");
    assertError("ERR wrong number of arguments for 'unlink' command", "UNLINK");
    assertError("ERR wrong number of arguments for 'exists' command", "EXISTS");
    assertError("ERR wrong number of arguments for 'type' command", "TYPE");
  }

  @Test
  void renameAndRenamenx() {
    r.set("a", "1");
    r.expire("a", 100);
    assertThat(r.rename("a", "b")).isEqualTo("OK");
    assertThat(r.exists("a")).isZero();
    assertThat(r.get("b")).isEqualTo("1");
    assertThat(r.ttl("b")).isEqualTo(100); // the expiry moves with the value
    r.set("c", "3");
    assertThat(r.rename("b", "c")).isEqualTo("OK"); // overwrites, and the target's expiry goes
    assertThat(r.get("c")).isEqualTo("1");
    assertThat(r.ttl("c")).isEqualTo(100);
    assertThat(r.rename("c", "c")).isEqualTo("OK");
    assertThat(r.get("c")).isEqualTo("1");
    assertError(() -> r.rename("missing", "x"), "ERR no such key");
    assertError(() -> r.rename("missing", "missing"), "ERR no such key");

    r.set("d", "4");
    assertThat(r.renamenx("c", "d")).isFalse();
    assertThat(r.renamenx("c", "c")).isFalse();
    assertThat(r.renamenx("c", "e")).isTrue();
    assertThat(r.get("e")).isEqualTo("1");
    assertThat(r.dbsize()).isEqualTo(2);
    assertError(() -> r.renamenx("missing", "x"), "ERR no such key");
    assertError("ERR wrong number of arguments for 'rename' command", "RENAME", "a");
  }

  @Test
  void copy() {
    r.set("a", "1");
    r.expire("a", 100);
    assertThat(r.copy("a", "b")).isTrue();
    assertThat(r.get("b")).isEqualTo("1");
    assertThat(r.ttl("b")).isEqualTo(100);
    r.set("a", "2");
    assertThat(r.copy("a", "b")).isFalse();
    assertThat(r.get("b")).isEqualTo("1");
    assertThat(r.copy("a", "b", CopyArgs.Builder.replace(true))).isTrue();
    assertThat(r.get("b")).isEqualTo("2");
    assertThat(r.ttl("b")).isEqualTo(-1);
    assertThat(r.copy("a", "c", CopyArgs.Builder.destinationDb(0))).isTrue();
    assertThat(r.copy("missing", "x")).isFalse();
    assertThat(r.exists("x")).isZero();
    assertThat(call("COPY", "a", "d", "REPLACE", "REPLACE")).isEqualTo(1L);
    assertError("ERR source and destination objects are the same", "COPY", "a", "a");
    assertError("ERR DB index is out of range", "COPY", "a", "b", "DB", "1");
    assertError(NOT_INTEGER, "COPY", "a", "b", "DB", "abc");
    assertError("ERR syntax error", "COPY", "a", "b", "DB");
    assertError("ERR syntax error", "COPY", "a", "b", "BOGUS");
    assertError("ERR wrong number of arguments for 'copy' command", "COPY", "a");
  }

  @Test
  void touch() {
    r.mset(Map.of("a", "1", "b", "2"));
    assertThat(r.touch("a", "b", "missing", "a")).isEqualTo(3);
    assertError("ERR wrong number of arguments for 'touch' command", "TOUCH");
  }

  @Test
  void expireFamily() {
    r.set("k", "v");
    assertThat(r.expire("k", 100)).isTrue();
    assertThat(r.ttl("k")).isEqualTo(100);
    assertThat(r.pexpire("k", 50_000)).isTrue();
    assertThat(r.pttl("k")).isBetween(49_000L, 50_000L);
    long at = System.currentTimeMillis() / 1000 + 1000;
    assertThat(r.expireat("k", at)).isTrue();
    assertThat(r.expiretime("k")).isEqualTo(at);
    assertThat(r.pexpiretime("k")).isEqualTo(at * 1000);
    assertThat(r.pexpireat("k", at * 1000 + 7)).isTrue();
    assertThat(r.pexpiretime("k")).isEqualTo(at * 1000 + 7);
    assertThat(r.expiretime("k")).isEqualTo(at);
    r.pexpireat("k", at * 1000 + 600);
    assertThat(r.expiretime("k")).isEqualTo(at + 1); // rounded to the nearest second, as Redis
    assertThat(r.expire("missing", 100)).isFalse();
    assertThat(r.pexpireat("k", Long.MAX_VALUE)).isTrue(); // far future, no overflow
    // pexpireat at the largest value is allowed; the others overflow once made milliseconds
    assertError("ERR invalid expire time in 'expire' command", "EXPIRE", "k", "9223372036854775807");
    assertError("ERR invalid expire time in 'expire' command", "EXPIRE", "k", "-9223372036854775808");
    assertError("ERR invalid expire time in 'pexpire' command", "PEXPIRE", "k", "9223372036854775807");
    assertError("ERR invalid expire time in 'expireat' command", "EXPIREAT", "k", "9223372036854775807");
    assertError(NOT_INTEGER, "EXPIRE", "k", "abc");
    assertError(NOT_INTEGER, "EXPIRE", "k", "1.5");
    assertError("ERR wrong number of arguments for 'expire' command", "EXPIRE", "k");
    assertThat(r.exists("k")).isOne();
  }

  @Test
  void expireConditions() {
    r.set("k", "v");
    // no expiry yet: NX sets, XX and GT refuse (no expiry counts as infinite), LT sets
    assertThat(r.expire("k", 100, ExpireArgs.Builder.xx())).isFalse();
    assertThat(r.expire("k", 100, ExpireArgs.Builder.gt())).isFalse();
    assertThat(r.ttl("k")).isEqualTo(-1);
    assertThat(r.expire("k", 100, ExpireArgs.Builder.nx())).isTrue();
    assertThat(r.expire("k", 200, ExpireArgs.Builder.nx())).isFalse();
    assertThat(r.expire("k", 200, ExpireArgs.Builder.xx())).isTrue();
    assertThat(r.expire("k", 50, ExpireArgs.Builder.gt())).isFalse();
    assertThat(r.expire("k", 500, ExpireArgs.Builder.gt())).isTrue();
    assertThat(r.expire("k", 1000, ExpireArgs.Builder.lt())).isFalse();
    assertThat(r.expire("k", 300, ExpireArgs.Builder.lt())).isTrue();
    assertThat(r.ttl("k")).isEqualTo(300);
    r.persist("k");
    assertThat(r.expire("k", 300, ExpireArgs.Builder.lt())).isTrue();
    assertThat(call("EXPIRE", "k", "400", "XX", "XX")).isEqualTo(1L);
    assertThat(call("EXPIRE", "k", "500", "gt")).isEqualTo(1L);
    assertThat(r.ttl("k")).isEqualTo(500);
    String both = "ERR NX and XX, GT or LT options at the same time are not compatible";
    assertError(both, "EXPIRE", "k", "100", "NX", "XX");
    assertError(both, "EXPIRE", "k", "100", "NX", "GT");
    assertError(both, "PEXPIRE", "k", "100", "LT", "NX");
    assertError("ERR GT and LT options at the same time are not compatible", "EXPIRE", "k", "100", "GT", "LT");
    assertError("ERR Unsupported option bogus", "EXPIRE", "k", "100", "bogus");
    assertError("ERR Unsupported option BOGUS", "EXPIREAT", "k", "100", "BOGUS");
  }

  @Test
  void expireInThePastDeletes() {
    for (String[] cmd :
        List.of(
            new String[] {"EXPIRE", "k", "-1"},
            new String[] {"EXPIRE", "k", "0"},
            new String[] {"PEXPIRE", "k", "0"},
            new String[] {"EXPIREAT", "k", "1"},
            new String[] {"PEXPIREAT", "k", "1000"})) {
      r.set("k", "v");
      assertThat(call(cmd)).as(String.join(" ", cmd)).isEqualTo(1L);
      assertThat(r.exists("k")).isZero();
    }
    r.set("k", "v");
    r.expire("k", 100);
    assertThat(call("EXPIRE", "k", "-5", "GT")).isEqualTo(0L);
    assertThat(r.exists("k")).isOne();
    assertThat(call("EXPIRE", "k", "-5", "LT")).isEqualTo(1L);
    assertThat(r.exists("k")).isZero();
    assertThat(r.dbsize()).isZero();
  }

  @Test
  void ttlAndPersist() {
    assertThat(r.ttl("missing")).isEqualTo(-2);
    assertThat(r.pttl("missing")).isEqualTo(-2);
    assertThat(r.expiretime("missing")).isEqualTo(-2);
    assertThat(r.pexpiretime("missing")).isEqualTo(-2);
    r.set("k", "v");
    assertThat(r.ttl("k")).isEqualTo(-1);
    assertThat(r.pttl("k")).isEqualTo(-1);
    assertThat(r.expiretime("k")).isEqualTo(-1);
    assertThat(r.pexpiretime("k")).isEqualTo(-1);
    assertThat(r.persist("k")).isFalse();
    assertThat(r.persist("missing")).isFalse();
    r.pexpire("k", 100_400); // (100400 - elapsed + 500) / 1000 = 100 for any elapsed below 900 ms
    assertThat(r.ttl("k")).isEqualTo(100); // rounded to the nearest second, as Redis does
    assertThat(r.persist("k")).isTrue();
    assertThat(r.ttl("k")).isEqualTo(-1);
    assertError("ERR wrong number of arguments for 'ttl' command", "TTL");
    assertError("ERR wrong number of arguments for 'persist' command", "PERSIST", "a", "b");
  }

  @Test
  void keysPatterns() {
    r.mset(Map.of("k1", "1", "k2", "2", "key3", "3", "other", "4", "h*llo", "5", "hallo", "6"));
    assertThat(r.keys("k*")).containsExactlyInAnyOrder("k1", "k2", "key3");
    assertThat(r.keys("k?")).containsExactlyInAnyOrder("k1", "k2");
    assertThat(r.keys("k[12]")).containsExactlyInAnyOrder("k1", "k2");
    assertThat(r.keys("k[^1]*")).containsExactlyInAnyOrder("k2", "key3");
    assertThat(r.keys("k[a-z]*")).containsExactlyInAnyOrder("key3");
    assertThat(r.keys("h\\*llo")).containsExactly("h*llo");
    assertThat(r.keys("*")).hasSize(6);
    assertThat(r.keys("nomatch*")).isEmpty();
    assertError("ERR wrong number of arguments for 'keys' command", "KEYS");
    assertError("ERR wrong number of arguments for 'keys' command", "KEYS", "a", "b");
  }

  @Test
  void scanVisitsEveryKeyOnce() {
    Map<String, String> all = new java.util.HashMap<>();
    for (int i = 0; i < 250; i++) {
      all.put("key:" + i, Integer.toString(i));
    }
    all.put("other", "x");
    r.mset(all);
    List<String> seen = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    int calls = 0;
    do {
      KeyScanCursor<String> page = r.scan(cursor, ScanArgs.Builder.limit(20));
      assertThat(page.getKeys().size()).isLessThanOrEqualTo(20);
      seen.addAll(page.getKeys());
      cursor = page;
      calls++;
    } while (!cursor.isFinished() && calls < 100);
    assertThat(cursor.isFinished()).isTrue();
    assertThat(seen).hasSize(251).containsExactlyInAnyOrderElementsOf(all.keySet());

    Set<String> matched = new HashSet<>();
    cursor = ScanCursor.INITIAL;
    calls = 0;
    do {
      KeyScanCursor<String> page = r.scan(cursor, ScanArgs.Builder.matches("key:1*").limit(50));
      matched.addAll(page.getKeys());
      cursor = page;
      calls++;
    } while (!cursor.isFinished() && calls < 100);
    assertThat(matched).hasSize(111).allMatch(k -> k.startsWith("key:1"));

    KeyScanCursor<String> strings = r.scan(KeyScanArgs.Builder.limit(1000).type("string"));
    assertThat(strings.getKeys()).hasSize(251);
    assertThat(strings.isFinished()).isTrue();
    assertThat(r.scan(KeyScanArgs.Builder.limit(1000).type("hash")).getKeys()).isEmpty();
    assertThat(r.scan(KeyScanArgs.Builder.limit(1000).type("nosuchtype")).getKeys()).isEmpty();
  }

  @Test
  void scanErrors() {
    assertError("ERR invalid cursor", "SCAN", "abc");
    assertError("ERR syntax error", "SCAN", "0", "COUNT", "0");
    assertError("ERR syntax error", "SCAN", "0", "COUNT", "-1");
    assertError(NOT_INTEGER, "SCAN", "0", "COUNT", "abc");
    assertError("ERR syntax error", "SCAN", "0", "MATCH");
    assertError("ERR syntax error", "SCAN", "0", "BOGUS", "x");
    assertError("ERR wrong number of arguments for 'scan' command", "SCAN");
  }

  @Test
  void randomkeyAndDbsize() {
    assertThat(r.randomkey()).isNull();
    assertThat(r.dbsize()).isZero();
    r.mset(Map.of("a", "1", "b", "2", "c", "3"));
    assertThat(r.dbsize()).isEqualTo(3);
    Set<String> drawn = new HashSet<>();
    for (int i = 0; i < 60 && drawn.size() < 3; i++) {
      drawn.add(r.randomkey());
    }
    assertThat(drawn).containsExactlyInAnyOrder("a", "b", "c");
    assertError("ERR wrong number of arguments for 'randomkey' command", "RANDOMKEY", "x");
    assertError("ERR wrong number of arguments for 'dbsize' command", "DBSIZE", "x");
  }

  @Test
  void randomkeySpreadsOverALargeKeyspace() {
    Map<String, String> many = new java.util.HashMap<>();
    for (int i = 0; i < 3000; i++) {
      many.put("user:" + i, "v");
    }
    r.mset(many);
    Set<String> drawn = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      drawn.add(r.randomkey());
    }
    assertThat(many.keySet()).containsAll(drawn);
    assertThat(drawn.size()).isGreaterThan(100); // uniform draws give about 190 distinct keys
  }

  @Test
  void objectEncoding() {
    r.set("int", "12345");
    r.set("neg", "-1234");
    r.set("emb", "hello");
    r.set("e44", "x".repeat(44));
    r.set("raw", "x".repeat(45));
    r.set("big", "123456789012345678901");
    r.set("lead0", "0123");
    assertThat(r.objectEncoding("int")).isEqualTo("int");
    assertThat(r.objectEncoding("neg")).isEqualTo("int");
    assertThat(r.objectEncoding("emb")).isEqualTo("embstr");
    assertThat(r.objectEncoding("e44")).isEqualTo("embstr");
    assertThat(r.objectEncoding("raw")).isEqualTo("raw");
    assertThat(r.objectEncoding("big")).isEqualTo("embstr");
    assertThat(r.objectEncoding("lead0")).isEqualTo("embstr");
    assertThat(r.objectEncoding("missing")).isNull();
    assertError("ERR wrong number of arguments for 'object|encoding' command", "OBJECT", "ENCODING");
    assertError("ERR unknown subcommand 'bogus'. Try OBJECT HELP.", "OBJECT", "bogus");
    assertError("ERR wrong number of arguments for 'object' command", "OBJECT");
    assertThat((List<?>) call("OBJECT", "HELP")).first().isEqualTo("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  }
}
