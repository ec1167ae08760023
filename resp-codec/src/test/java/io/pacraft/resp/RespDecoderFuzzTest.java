package io.pacraft.resp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Fuzzes {@link RespDecoder} with Jazzer, checking on every input that:
 *
 * <ul>
 *   <li>nothing but a {@link RespProtocolError} (at most one, last) comes out besides requests,
 *       and no exception escapes;
 *   <li>the output does not depend on how the bytes are split into reads;
 *   <li>requests hold no more bytes than the input, and the decoder allocates in proportion to the
 *       bytes it got, never to lengths the input announces;
 *   <li>each input finishes within the timeout (a hang is a finding).
 * </ul>
 *
 * <p>Each input runs under Redis' default limits and under tiny ones (so the limit errors are
 * reachable with short inputs).
 *
 * <p><b>How it runs.</b> jazzer-junit fuzzes only when {@code JAZZER_FUZZ} is set (as an
 * environment variable or a system property); otherwise it replays the seed corpus in {@code
 * src/test/resources/io/pacraft/resp/RespDecoderFuzzTestInputs/decode/} as regression tests. This
 * module's surefire configuration sets {@code JAZZER_FUZZ} and {@code jazzer.max_duration} (the
 * {@code fuzz.duration} property, 20s by default), so {@code mvn verify} fuzzes for 20 seconds.
 * Longer runs: {@code mvn -pl resp-codec test -Dtest=RespDecoderFuzzTest -Dfuzz.duration=10m};
 * corpus replay only: {@code -Dfuzz=false}. Jazzer writes an input that fails into the seed
 * directory as {@code crash-<sha1>}, so it replays in every later build; the generated corpus
 * stays in {@code resp-codec/.cifuzz-corpus/} (git-ignored). See docs/resp.md.
 */
class RespDecoderFuzzTest {

  private static final RespLimits TINY = new RespLimits(64, 32, 8);

  private static final Pattern MESSAGES =
      Pattern.compile(
          "invalid multibulk length|invalid bulk length|expected '\\$', got '.'"
              + "|too big (inline request|mbulk count string|bulk count string)"
              + "|unbalanced quotes in request",
          Pattern.DOTALL);

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Each input must be decoded within this many seconds, or the fuzzer reports a hang. */
  private static final int SECONDS_PER_INPUT = 10;

  /**
   * Runs each input off the fuzzer's thread so that a hang fails the input after {@link
   * #SECONDS_PER_INPUT} whatever mode Jazzer runs in (JUnit's {@code @Timeout} would also bound
   * the whole fuzzing run).
   */
  private static final ExecutorService WORKER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "resp-fuzz");
            t.setDaemon(true);
            return t;
          });

  @FuzzTest(maxDuration = "20s")
  void decode(byte[] input) throws Exception {
    Future<?> run = WORKER.submit(() -> check(input));
    try {
      run.get(SECONDS_PER_INPUT, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      throw new AssertionError("decoding " + input.length + " bytes took over "
          + SECONDS_PER_INPUT + " s: a hang", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static void check(byte[] input) {
    for (RespLimits limits : List.of(RespLimits.DEFAULT, TINY)) {
      List<String> whole = run(limits, input, new int[] {input.length}).out();
      int[] chunks = chunks(input);
      // Only the decoding is measured, not the checks and descriptions of its output; the least
      // of two runs, so that a one-time cost (a class loaded or instrumented on first use) cannot
      // fail it, while allocation proportional to an announced length recurs in every run.
      Decoded split = run(limits, input, chunks);
      long allocated = Math.min(split.allocated(), run(limits, input, chunks).allocated());

      assertThat(split.out()).as("split into %s", Arrays.toString(chunks)).isEqualTo(whole);
      assertThat(allocated)
          .as("bytes allocated for %d input bytes in %d reads", input.length, chunks.length)
          .isLessThan((4L << 20) + 2048L * chunks.length + 32L * input.length);
    }
  }

  /** What one decoding produced, and the bytes the decoding itself allocated. */
  private record Decoded(List<String> out, long allocated) {}

  /** Read sizes from 1 to 64 bytes, fixed by the input. */
  private static int[] chunks(byte[] input) {
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(input));
    List<Integer> sizes = new ArrayList<>();
    for (int left = input.length; left > 0; ) {
      int n = Math.min(left, 1 + random.nextInt(64));
      sizes.add(n);
      left -= n;
    }
    return sizes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Decodes {@code input} read in {@code chunks}; checks each message; describes the output. */
  private static Decoded run(RespLimits limits, byte[] input, int[] chunks) {
    EmbeddedChannel ch = Wire.requestChannel(limits);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    int from = 0;
    for (int n : chunks) {
      ch.writeInbound(Unpooled.wrappedBuffer(input, from, n));
      from += n;
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    List<String> out = new ArrayList<>();
    long argBytes = 0;
    for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
      assertThat(out).noneMatch(s -> s.startsWith("ERROR"));
      if (o instanceof RespRequest r) {
        assertThat(r.argc()).isPositive();
        StringBuilder sb = new StringBuilder(r.inline() ? "inline" : "array");
        for (byte[] arg : r.args()) {
          argBytes += arg.length;
          sb.append(' ').append(Arrays.toString(arg));
        }
        out.add(sb.toString());
      } else {
        assertThat(o).isInstanceOf(RespProtocolError.class);
        String message = ((RespProtocolError) o).message();
        assertThat(message).matches(MESSAGES);
        out.add("ERROR " + message);
      }
    }
    assertThat(argBytes).isLessThanOrEqualTo(input.length);
    assertThat(out.size()).isLessThanOrEqualTo(input.length / 2 + 1);
    ch.finishAndReleaseAll();
    return new Decoded(out, allocated);
  }
}
