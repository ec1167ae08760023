package io.pacraft.server.command.bitmap;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.pacraft.resp.RespValue;
import io.pacraft.server.ServerTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class BitmapCommandsTest extends ServerTest {

  @Test
  void setAndGetBits() throws Exception {
    assertThat(redis.setbit("b", 7, 1)).isZero();
    assertThat(redis.setbit("b", 7, 0)).isEqualTo(1);
    assertThat(redis.setbit("b", 100, 1)).isZero();
    assertThat(redis.getbit("b", 100)).isEqualTo(1);
    assertThat(redis.getbit("b", 101)).isZero();
    assertThat(redis.getbit("b", 100_000)).isZero();
    assertThat(redis.getbit("nokey", 1)).isZero();
    assertThat(redis.strlen("b")).as("a bitmap is a string, grown to the highest bit").isEqualTo(13);
    assertThat(redis.type("b")).isEqualTo("string");
    redis.expire("b", 100);
    redis.setbit("b", 1, 1);
    assertThat(redis.ttl("b")).as("SETBIT keeps the expiry").isPositive();
    String offset = "ERR bit offset is not an integer or out of range";
    assertRawError(offset, "SETBIT", "b", "-1", "1");
    assertRawError(offset, "SETBIT", "b", "4294967296", "1");
    assertRawError(offset, "SETBIT", "b", "x", "1");
    assertRawError("ERR bit is not an integer or out of range", "SETBIT", "b", "0", "2");
    redis.lpush("l", "x");
    assertRawError(WRONGTYPE, "SETBIT", "l", "0", "1");
    assertRawError(WRONGTYPE, "GETBIT", "l", "0");
  }

  @Test
  void bitcount() throws Exception {
    redis.set("s", "foobar");
    assertThat(redis.bitcount("s")).isEqualTo(26);
    assertThat(redis.bitcount("s", 0, 0)).isEqualTo(4);
    assertThat(redis.bitcount("s", 1, 1)).isEqualTo(6);
    assertThat(call("BITCOUNT", "s", "1", "1", "BYTE")).isEqualTo(integer(6));
    assertThat(call("BITCOUNT", "s", "5", "30", "BIT")).isEqualTo(integer(17));
    assertThat(redis.bitcount("s", -2, -1)).isEqualTo(7);
    assertThat(redis.bitcount("s", -1, -2)).isZero();
    assertThat(redis.bitcount("nokey")).isZero();
    assertRawError(SYNTAX, "BITCOUNT", "s", "0");
    assertRawError(SYNTAX, "BITCOUNT", "nokey", "0", "1", "FOO");
    assertRawError(NOT_INTEGER, "BITCOUNT", "s", "a", "b");
  }

  @Test
  void bitpos() throws Exception {
    RedisCommands<byte[], byte[]> bin = server.connectBinary(protocol).sync();
    bin.set("p".getBytes(), new byte[] {(byte) 0xFF, (byte) 0xF0, 0});
    bin.set("ones".getBytes(), new byte[] {(byte) 0xFF, (byte) 0xFF});
    assertThat(redis.bitpos("p", false)).isEqualTo(12);
    assertThat(redis.bitpos("p", true)).isZero();
    assertThat(redis.bitpos("p", true, 2)).isEqualTo(-1);
    assertThat(redis.bitpos("p", false, 0, 0)).isEqualTo(-1);
    assertThat(call("BITPOS", "p", "1", "7", "15", "BIT")).isEqualTo(integer(7));
    assertThat(call("BITPOS", "p", "0", "0", "11", "BIT")).isEqualTo(integer(-1));
    assertThat(redis.bitpos("ones", false)).as("no clear bit: the first bit after the string").isEqualTo(16);
    assertThat(redis.bitpos("ones", false, 0, -1)).as("with an explicit end: none").isEqualTo(-1);
    assertThat(redis.bitpos("nokey", false)).isZero();
    assertThat(redis.bitpos("nokey", true)).isEqualTo(-1);
    assertRawError("ERR The bit argument must be 1 or 0.", "BITPOS", "p", "2");
    assertRawError(SYNTAX, "BITPOS", "p", "1", "0", "1", "FOO");
  }

  @Test
  void bitop() throws Exception {
    redis.set("k1", "foobar");
    redis.set("k2", "abcdef");
    assertThat(redis.bitopAnd("dest", "k1", "k2")).isEqualTo(6);
    assertThat(redis.get("dest")).isEqualTo("`bc`ab");
    assertThat(redis.bitopOr("dest", "k1", "k2")).isEqualTo(6);
    assertThat(redis.get("dest")).isEqualTo("goofev");
    redis.set("short", "a");
    assertThat(redis.bitopXor("dest", "k1", "short", "nokey")).as("shorter inputs are zero-padded").isEqualTo(6);
    assertThat(redis.get("dest").getBytes(StandardCharsets.ISO_8859_1)[0]).isEqualTo((byte) ('f' ^ 'a'));
    assertThat(redis.bitopNot("dest", "short")).isEqualTo(1);
    assertThat(call("GET", "dest")).isEqualTo(RespValue.bulk(new byte[] {(byte) ~'a'}));
    assertThat(redis.bitopAnd("dest", "nokey", "nokey2")).isZero();
    assertThat(redis.exists("dest")).isZero();
    assertRawError("ERR BITOP NOT must be called with a single source key.", "BITOP", "NOT", "dest", "k1", "k2");
    assertRawError(SYNTAX, "BITOP", "FOO", "dest", "k1");
    redis.lpush("l", "x");
    assertRawError(WRONGTYPE, "BITOP", "AND", "dest", "l");
  }

  @Test
  void bitfield() throws Exception {
    assertThat(redis.bitfield("bf", BitFieldArgs.Builder.set(BitFieldArgs.signed(8), 0, 100).get(BitFieldArgs.signed(8), 0)))
        .containsExactly(0L, 100L);
    assertThat(call("BITFIELD", "bf", "INCRBY", "u2", "100", "1", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "1"))
        .isEqualTo(array(integer(1), integer(1)));
    assertThat(call("BITFIELD", "bf", "OVERFLOW", "WRAP", "INCRBY", "i8", "0", "100")).isEqualTo(array(integer(-56)));
    assertThat(call("BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-100")).isEqualTo(array(integer(-128)));
    assertThat(call("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "-1")).isEqualTo(array(RespValue.NULL));
    assertThat(call("BITFIELD", "bf", "GET", "i8", "0")).as("FAIL leaves the value").isEqualTo(array(integer(-128)));
    assertThat(call("BITFIELD", "bf", "SET", "u8", "#1", "255", "GET", "u8", "#1", "GET", "i8", "8"))
        .isEqualTo(array(integer(0), integer(255), integer(-1)));
    assertThat(call("BITFIELD", "bf", "SET", "i64", "0", "-1", "GET", "i64", "0", "GET", "u63", "0"))
        .isEqualTo(array(integer(-9151595917793558528L), integer(-1), integer(Long.MAX_VALUE)));
    assertThat(call("BITFIELD", "bf", "OVERFLOW", "SAT", "SET", "i64", "64", "9223372036854775807", "INCRBY", "i64", "64", "1"))
        .isEqualTo(array(integer(83886080), integer(Long.MAX_VALUE)));
    assertThat(call("BITFIELD", "bf", "INCRBY", "i64", "64", "1")).as("wrap").isEqualTo(array(integer(Long.MIN_VALUE)));
    assertThat(call("BITFIELD", "bf", "SET", "u4", "0", "16", "OVERFLOW", "FAIL", "SET", "u4", "0", "16", "OVERFLOW", "SAT", "SET", "u4", "0", "16", "GET", "u4", "0"))
        .isEqualTo(array(integer(15), RespValue.NULL, integer(0), integer(15)));
    assertThat(call("BITFIELD", "nobf", "GET", "u4", "0")).isEqualTo(array(integer(0)));
    assertThat(redis.exists("nobf")).as("GET alone creates nothing").isZero();
    assertThat(call("BITFIELD_RO", "bf", "GET", "i8", "0")).isEqualTo(array(integer(-1)));
    String badType = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    assertRawError(badType, "BITFIELD", "bf", "GET", "i65", "0");
    assertRawError(badType, "BITFIELD", "bf", "GET", "u64", "0");
    assertRawError("ERR bit offset is not an integer or out of range", "BITFIELD", "bf", "GET", "i8", "-1");
    assertRawError("ERR bit offset is not an integer or out of range", "BITFIELD", "bf", "GET", "i8", "#x");
    assertRawError(NOT_INTEGER, "BITFIELD", "bf", "SET", "i8", "0", "x");
    assertRawError("ERR Invalid OVERFLOW type specified", "BITFIELD", "bf", "OVERFLOW", "FOO");
    assertRawError(SYNTAX, "BITFIELD", "bf", "FOO");
    assertRawError(SYNTAX, "BITFIELD", "bf", "GET", "i8");
    assertRawError("ERR BITFIELD_RO only supports the GET subcommand", "BITFIELD_RO", "bf", "SET", "i8", "0", "1");
  }
}
