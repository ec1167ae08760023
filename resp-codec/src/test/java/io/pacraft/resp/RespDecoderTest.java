package io.pacraft.resp;

import static io.pacraft.resp.Wire.bytes;
import static io.pacraft.resp.Wire.command;
import static io.pacraft.resp.Wire.decode;
import static io.pacraft.resp.Wire.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RespDecoderTest {

  @Test
  void decodesAnArrayOfBulkStrings() {
    List<Object> out = decode(bytes(command("SET", "key", "value")));

    assertThat(out).hasSize(1);
    RespRequest r = (RespRequest) out.get(0);
    assertThat(r.inline()).isFalse();
    assertThat(r.argc()).isEqualTo(3);
    assertThat(Wire.text(r.arg(0))).isEqualTo("SET");
    assertThat(Wire.text(r.arg(2))).isEqualTo("value");
  }

  @Test
  void bulkStringsAreBinarySafe() {
    String value = "a\r\nb\0c\u00ff\r";
    List<Object> out = decode(bytes(command("SET", "k", value)));

    assertThat(((RespRequest) out.get(0)).arg(2)).isEqualTo(bytes(value));
  }

  /** A pipeline mixing every kind of request Redis accepts, and the ones it skips. */
  private static final String PIPELINE =
      command("SET", "k", "v")
          + "PING\r\n"
          + "\r\n" // blank line: skipped
          + "*0\r\n" // empty array: skipped
          + "   \t \r\n" // blank line of spaces: skipped
          + "*-1\r\n" // negative count: skipped
          + "echo \"a b\" 'c d'\n" // inline ended by LF alone
          + command("GET", "")
          + "*-10\r\n"
          + command("MSET", "k1", "v1", "k2", "v2");

  private static final List<String> PIPELINE_DECODED =
      List.of(
          "array [SET] [k] [v]",
          "inline [PING]",
          "inline [echo] [a b] [c d]",
          "array [GET] []",
          "array [MSET] [k1] [v1] [k2] [v2]");

  @Test
  void decodesAPipelineInOrderSkippingEmptyRequests() {
    assertThat(describe(decode(bytes(PIPELINE)))).isEqualTo(PIPELINE_DECODED);
  }

  @Test
  void aPipelineSplitAtAnyByteDecodesTheSame() {
    byte[] input = bytes(PIPELINE);
    for (int cut = 1; cut < input.length; cut++) {
      assertThat(describe(decode(input, cut))).as("cut at %d", cut).isEqualTo(PIPELINE_DECODED);
    }
  }

  @Test
  void aPipelineFedOneByteAtATimeDecodesTheSame() {
    byte[] input = bytes(PIPELINE);
    int[] cuts = new int[input.length - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    assertThat(describe(decode(input, cuts))).isEqualTo(PIPELINE_DECODED);
  }

  @Test
  void aLargeBulkArrivingInSmallChunksIsCopiedIntact() {
    byte[] value = new byte[3 * 1024 * 1024 + 17];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) (i * 31 + (i >>> 8));
    }
    byte[] head = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + value.length + "\r\n");
    byte[] input = new byte[head.length + value.length + 2 + 6];
    System.arraycopy(head, 0, input, 0, head.length);
    System.arraycopy(value, 0, input, head.length, value.length);
    System.arraycopy(bytes("\r\nPING\r\n"), 0, input, head.length + value.length, 8);

    EmbeddedChannel ch = Wire.requestChannel(RespLimits.DEFAULT);
    for (int from = 0; from < input.length; from += 1000) {
      Wire.feed(ch, input, from, Math.min(input.length, from + 1000));
    }
    List<Object> out = Wire.drain(ch);

    assertThat(out).hasSize(2);
    assertThat(((RespRequest) out.get(0)).arg(2)).isEqualTo(value);
    assertThat(describe(out.subList(1, 2))).containsExactly("inline [PING]");
  }

  /**
   * Inline commands split as Redis 7.0.15 splits them: every expectation here was checked by
   * sending {@code RPUSH l <line>} to a real redis-server and reading the list back. The lines are
   * Java literals: {@code "\\n"} is the backslash and n that Redis unescapes.
   */
  static Stream<Arguments> inlineLines() {
    return Stream.of(
        inline("a b c", "a", "b", "c"),
        inline("  a   b  ", "a", "b"),
        inline("\"hello world\"", "hello world"),
        inline("'hello world'", "hello world"),
        inline("\"a\\nb\"", "a\nb"),
        inline("\"\\x41\\x4a\"", "AJ"),
        inline("\"\\x4A\\x4a\\x00z\"", "JJ\0z"),
        inline("\"\\x4\"", "x4"),
        inline("\"\\xZZ\"", "xZZ"),
        inline("\"\\\\\"", "\\"),
        inline("\"\\\"\"", "\""),
        inline("\"\\\"a\"", "\"a"),
        inline("\"\\q\"", "q"),
        inline("\"\\t\\r\\b\\a\"", "\t\r\b\u0007"),
        inline("\"\\\u00c3\u00a9\"", "\u00c3\u00a9"),
        inline("'it\\'s'", "it's"),
        inline("'a\\nb'", "a\\nb"),
        inline("'\\x41'", "\\x41"),
        inline("foo\"bar baz\"", "foobar baz"),
        inline("\"\"", ""),
        inline("\"\" ''", "", ""),
        inline("\"a\" \"b\"", "a", "b"),
        inline("a\tb", "a", "b"),
        inline("a\rb", "a", "b"),
        inline("\"a\"\tb", "a", "b"),
        inline("\"a\"\u000bb", "a", "b"),
        inline("\"a\"\u000cb", "a", "b"),
        inline("'a'\u000bb", "a", "b"),
        inline("a\u000bb", "a\u000bb"),
        inline("\u000ba", "a"),
        inline("\u00ff\u00fe", "\u00ff\u00fe"));
  }

  private static Arguments inline(String line, String... args) {
    return Arguments.of(line, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inlineLines")
  void splitsInlineCommandsLikeRedis(String line, String[] args) {
    List<Object> out = decode(bytes("RPUSH l " + line + "\r\n"));

    StringBuilder expected = new StringBuilder("inline [RPUSH] [l]");
    for (String a : args) {
      expected.append(" [").append(a).append(']');
    }
    assertThat(describe(out)).containsExactly(expected.toString());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"foo\"bar",
        "'foo'bar",
        "\"foo",
        "'foo",
        "x\"y\"z",
        "a'b c'd",
        "\"\\\"",
        "'\\\\'",
        "set \"\"\"test-key\"\"\" test-value"
      })
  void unbalancedQuotesAreAProtocolError(String line) {
    List<Object> out = decode(bytes("RPUSH l " + line + "\r\nPING\r\n"));

    assertThat(describe(out)).containsExactly("ERROR: unbalanced quotes in request");
  }

  /**
   * Redis' protocol errors, from its tests/unit/protocol.tcl and networking.c; each was also sent
   * to redis-server 7.0.15, which answered the same message.
   */
  static Stream<Arguments> protocolErrors() {
    String set = "*3\r\n$3\r\nSET\r\n$1\r\nx\r\n";
    return Stream.of(
        Arguments.of("*3000000000\r\n", "invalid multibulk length"),
        Arguments.of("*blabla\r\n", "invalid multibulk length"),
        Arguments.of("*\r\n", "invalid multibulk length"),
        Arguments.of("*01\r\n", "invalid multibulk length"),
        Arguments.of("*+1\r\n", "invalid multibulk length"),
        Arguments.of("*-0\r\n", "invalid multibulk length"),
        Arguments.of("*1 \r\n", "invalid multibulk length"),
        Arguments.of("*99999999999999999999\r\n", "invalid multibulk length"),
        Arguments.of(set + "fooz\r\n", "expected '$', got 'f'"),
        Arguments.of("*1\r\nfoo\r\n", "expected '$', got 'f'"),
        Arguments.of("*1\r\n\r\n", "expected '$', got ' '"),
        Arguments.of(set + "$-10\r\n", "invalid bulk length"),
        Arguments.of(set + "$2000000000\r\n", "invalid bulk length"),
        Arguments.of(set + "$blabla\r\n", "invalid bulk length"),
        Arguments.of("*1\r\n$\r\n", "invalid bulk length"),
        Arguments.of("*1\r\n$-0\r\n", "invalid bulk length"),
        Arguments.of("*1\r\n$536870913\r\n", "invalid bulk length"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("protocolErrors")
  void protocolErrorsCarryRedisMessages(String input, String message) {
    byte[] bytes = bytes(input + "PING\r\n");
    assertThat(describe(decode(bytes))).containsExactly("ERROR: " + message);
    // the same error wherever the bytes are split
    for (int cut = 1; cut < bytes.length; cut++) {
      assertThat(describe(decode(bytes, cut))).containsExactly("ERROR: " + message);
    }
  }

  @Test
  void bulkLengthsUpToTheLimitAreAccepted() {
    assertThat(describe(decode(bytes("*1\r\n$536870912\r\n")))).isEmpty(); // waits for the bytes
    assertThat(describe(decode(bytes("*2147483647\r\n$4\r\nPING\r\n")))).isEmpty();
    assertThat(describe(decode(bytes("*-9223372036854775808\r\nPING\r\n"))))
        .containsExactly("inline [PING]");
  }

  @Test
  void theTwoBytesAfterABulkStringAreSkippedUnseenAsRedisDoes() {
    // redis-server 7.0.15 answers this with two PONGs
    assertThat(describe(decode(bytes("*1\r\n$4\r\nPINGxyPING\r\n"))))
        .containsExactly("array [PING]", "inline [PING]");
  }

  @Test
  void requestsBeforeAProtocolErrorAreDecodedFirst() {
    List<Object> out = decode(bytes("PING\r\n" + command("GET", "k") + "*1\r\nfoo\r\nPING\r\n"));

    assertThat(describe(out))
        .containsExactly("inline [PING]", "array [GET] [k]", "ERROR: expected '$', got 'f'");
    assertThat(((RespProtocolError) out.get(2)).reply())
        .isEqualTo(RespValue.error("ERR Protocol error: expected '$', got 'f'"));
  }

  @Test
  void afterAProtocolErrorTheConnectionIsNotDecodedAnyMore() {
    EmbeddedChannel ch = Wire.requestChannel(RespLimits.DEFAULT);
    ch.writeInbound(Unpooled.wrappedBuffer(bytes("PING\r\n*x\r\nPING\r\n")));
    assertThat(describe(Wire.drain(ch)))
        .containsExactly("inline [PING]", "ERROR: invalid multibulk length");

    var later = Unpooled.wrappedBuffer(bytes(command("SET", "k", "v") + "PING\r\n"));
    ch.writeInbound(later);

    assertThat(Wire.drain(ch)).isEmpty();
    assertThat(later.refCnt()).as("discarded bytes are released").isZero();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void linesLongerThanTheInlineLimitAreTooBig() {
    RespLimits limits = new RespLimits(1000, 16, 100);
    String sixteen = "0123456789abcdef";

    // A terminator at most 16 bytes after the line start is fine, at 17 it is too late.
    assertThat(describe(decode(limits, bytes("ECHO 56789abcdef\nPING\r\n"))))
        .containsExactly("inline [ECHO] [56789abcdef]", "inline [PING]");
    assertThat(describe(decode(limits, bytes("ECHO 56789abcde\r\n"))))
        .containsExactly("inline [ECHO] [56789abcde]");
    assertThat(describe(decode(limits, bytes("ECHO 56789abcdef\r\n"))))
        .containsExactly("ERROR: too big inline request");
    // Without a terminator: 16 bytes may still become a line, 17 cannot.
    assertThat(describe(decode(limits, bytes(sixteen)))).isEmpty();
    assertThat(describe(decode(limits, bytes(sixteen + "x"))))
        .containsExactly("ERROR: too big inline request");
    assertThat(describe(decode(limits, bytes("*" + "1".repeat(16)))))
        .containsExactly("ERROR: too big mbulk count string");
    assertThat(describe(decode(limits, bytes("*1\r\n$" + "1".repeat(16)))))
        .containsExactly("ERROR: too big bulk count string");
    // A count line within the limit is parsed (and here too long a bulk), past it is too big.
    assertThat(describe(decode(limits, bytes("*1\r\n$" + "1".repeat(15) + "\r\n"))))
        .containsExactly("ERROR: invalid bulk length");
    assertThat(describe(decode(limits, bytes("*1\r\n$" + "1".repeat(16) + "\r\n"))))
        .containsExactly("ERROR: too big bulk count string");
    // A CR is a line end only once the byte after it (which Redis skips) has arrived.
    assertThat(describe(decode(limits, bytes("*1\r\n$" + "1".repeat(15) + "\r")))).isEmpty();
  }

  @Test
  void bulkAndArgumentCountsFollowTheLimits() {
    RespLimits limits = new RespLimits(10, 1024, 3);

    assertThat(describe(decode(limits, bytes(command("ECHO", "0123456789")))))
        .containsExactly("array [ECHO] [0123456789]");
    assertThat(describe(decode(limits, bytes(command("ECHO", "0123456789a")))))
        .containsExactly("ERROR: invalid bulk length");
    assertThat(describe(decode(limits, bytes(command("SET", "k", "v")))))
        .containsExactly("array [SET] [k] [v]");
    assertThat(describe(decode(limits, bytes(command("SET", "k", "v", "NX")))))
        .containsExactly("ERROR: invalid multibulk length");
  }

  /**
   * Redis finds line ends with strchr, which stops at a NUL byte: a line with a NUL before its end
   * never ends and is too big once past the limit (Redis' "protocol desync" regression tests).
   */
  static Stream<Arguments> nulStarts() {
    return Stream.of(
        Arguments.of("\0", "too big inline request"),
        Arguments.of("*\0", "too big mbulk count string"),
        Arguments.of("$\0", "too big inline request"),
        Arguments.of("*1\r\n$3\0", "too big bulk count string"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("nulStarts")
  void aNulByteBeforeTheLineEndDesynchronizesLikeRedis(String start, String message) {
    StringBuilder input = new StringBuilder(start);
    while (input.length() <= 70_000) {
      input.append("A".repeat(1024)).append("\r\n");
    }
    List<Object> out = decode(bytes(input.toString()));

    assertThat(describe(out)).containsExactly("ERROR: " + message);
    // and nothing is reported before 64 KiB have arrived
    assertThat(describe(decode(bytes(input.substring(0, 65536))))).isEmpty();
  }

  @Test
  void aCrLfInsideAnErrorMessageIsReplacedBySpaces() {
    assertThat(new RespProtocolError("a\r\nb").message()).isEqualTo("a  b");
  }

  /** Allocation by this thread while {@code work} runs. */
  private static long allocatedBy(Runnable work) {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
        .getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    work.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  @Test
  void announcedLengthsAreNotAllocatedBeforeTheirBytesArrive() {
    // warm up class loading and the channel machinery outside the measurement
    decode(bytes(command("SET", "k", "v")));

    byte[] hugeBulk = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n" + "x".repeat(100_000));
    long bulkBytes = allocatedBy(() -> assertThat(decode(hugeBulk, 50_000)).isEmpty());

    StringBuilder manyArgs = new StringBuilder("*2147483647\r\n");
    for (int i = 0; i < 5000; i++) {
      manyArgs.append("$1\r\nx\r\n");
    }
    byte[] hugeCount = bytes(manyArgs.toString());
    long countBytes = allocatedBy(() -> assertThat(decode(hugeCount)).isEmpty());

    assertThat(bulkBytes).as("512 MiB announced, 100 kB sent").isLessThan(4L << 20);
    assertThat(countBytes).as("2^31 arguments announced, 5000 sent").isLessThan(4L << 20);
  }

}
