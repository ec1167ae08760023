package io.pacraft.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Throughput of the codec on one thread, printed as a table: decoding pipelined requests as they
 * come off a socket in 16 KiB reads, and encoding replies into a pooled direct buffer. Run by
 * {@code bench/resp-codec.sh}; not a test.
 */
public final class CodecBench {
  private CodecBench() {}

  private static final int READ = 16 * 1024;

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    run(Math.min(seconds, 1), false); // warm the JIT on every case first
    System.out.printf("%-44s %14s %10s%n", "case", "ops/s", "MB/s");
    run(seconds, true);
  }

  private static boolean print;

  private static void run(double seconds, boolean report) {
    print = report;
    decode("decode SET k v (3-byte value), pipelined", setRequests(3), seconds);
    decode("decode SET k v (100-byte value), pipelined", setRequests(100), seconds);
    decode("decode SET k v (16 KiB value), pipelined", setRequests(16 * 1024), seconds);
    decode("decode SET k v (1 MiB value)", setRequests(1024 * 1024), seconds);
    decode("decode inline PING", repeat("PING\r\n", 4096), seconds);
    encode("encode +OK", RespValue.OK, seconds);
    encode("encode :12345", RespValue.integer(12345), seconds);
    encode("encode bulk (100 bytes)", RespValue.bulk(new byte[100]), seconds);
    encode("encode array of 100 bulks (10 bytes)", arrayOfBulks(100, 10), seconds);
    encode("encode RESP3 double 0.1", new RespValue.Double(0.1), seconds);
  }

  private static byte[] setRequests(int valueSize) {
    String value = "x".repeat(valueSize);
    int count = Math.max(1, (1 << 20) / (valueSize + 40));
    return repeat(Wire.command("SET", "key:000012345", value), count);
  }

  private static byte[] repeat(String s, int times) {
    return Wire.bytes(s.repeat(times));
  }

  private static RespValue arrayOfBulks(int n, int size) {
    List<RespValue> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(RespValue.bulk(new byte[size]));
    }
    return RespValue.array(items);
  }

  /** Counts requests and drops them. */
  private static final class Sink extends ChannelInboundHandlerAdapter {
    long requests;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      requests++;
      ReferenceCountUtil.release(msg);
    }
  }

  private static void decode(String name, byte[] input, double seconds) {
    Sink sink = new Sink();
    EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(), sink);
    ByteBuf source = Unpooled.directBuffer(input.length).writeBytes(input);
    measure(name, seconds, () -> sink.requests, () -> {
      for (int off = 0; off < input.length; off += READ) {
        int n = Math.min(READ, input.length - off);
        ByteBuf read = PooledByteBufAllocator.DEFAULT.directBuffer(n);
        read.writeBytes(source, off, n);
        ch.writeInbound(read);
      }
      return input.length;
    });
    source.release();
    ch.finishAndReleaseAll();
  }

  private static void encode(String name, RespValue value, double seconds) {
    ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(1 << 20);
    long[] ops = {0};
    measure(name, seconds, () -> ops[0], () -> {
      for (int i = 0; i < 1000; i++) {
        RespEncoder.encode(value, 3, out);
      }
      ops[0] += 1000;
      long bytes = out.readableBytes();
      out.clear();
      return bytes;
    });
    out.release();
  }

  /**
   * Runs {@code batch} (which returns the bytes it handled) for 0.3 x {@code seconds} unmeasured,
   * then {@code seconds} measured, and reports operations ({@code ops}) and bytes per second.
   */
  private static void measure(String name, double seconds, LongSupplier ops, LongSupplier batch) {
    long start = System.nanoTime();
    long measuredFrom = start + (long) (seconds * 0.3e9);
    long end = measuredFrom + (long) (seconds * 1e9);
    while (System.nanoTime() < measuredFrom) {
      batch.getAsLong();
    }
    long from = System.nanoTime();
    long opsBefore = ops.getAsLong();
    long bytes = 0;
    while (System.nanoTime() < end) {
      bytes += batch.getAsLong();
    }
    double elapsed = (System.nanoTime() - from) / 1e9;
    report(name, (ops.getAsLong() - opsBefore) / elapsed, bytes / elapsed);
  }

  private static void report(String name, double opsPerSecond, double bytesPerSecond) {
    if (!print) {
      return;
    }
    System.out.printf(
        Locale.ROOT, "%-44s %,14.0f %,10.1f%n", name, opsPerSecond, bytesPerSecond / 1e6);
  }
}
