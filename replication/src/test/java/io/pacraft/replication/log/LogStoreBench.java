package io.pacraft.replication.log;

import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.runtime.ThreadScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Log-store throughput and durable latency on a real disk, printed as Markdown; run by
 * bench/logstore-bench.sh. Each appender is closed-loop: it appends one 64-byte entry and appends
 * the next when the previous one's durability callback runs. Args: directory, seconds per run.
 */
public final class LogStoreBench {
  private static final int PAYLOAD = 64;

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args.length > 0 ? args[0] : "/tmp");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    Path dir = Files.createTempDirectory(base, "pacraft-logbench-");
    try {
      long[] fsync = rawFsync(dir.resolve("fsync"), 500);
      System.out.printf("Raw fsync (64-byte append + fdatasync, %d samples) in %s: p50 %.3f ms, p99 %.3f ms, mean %.3f ms%n%n",
          fsync.length, base, ms(percentile(fsync, 50)), ms(percentile(fsync, 99)), ms(mean(fsync)));
      System.out.println("| appenders | appends/s | p50 durable latency (ms) | p99 durable latency (ms) | entries per fsync |");
      System.out.println("|---:|---:|---:|---:|---:|");
      for (int appenders : new int[] {1, 16, 256}) {
        run(dir.resolve("c" + appenders), appenders, seconds);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static long[] rawFsync(Path file, int samples) throws IOException {
    long[] out = new long[samples];
    ByteBuffer b = ByteBuffer.allocate(PAYLOAD);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int i = 0; i < samples; i++) {
        b.clear();
        long t0 = System.nanoTime();
        ch.write(b, (long) i * PAYLOAD);
        ch.force(false);
        out[i] = System.nanoTime() - t0;
      }
    }
    return out;
  }

  private static void run(Path dir, int appenders, double seconds) throws Exception {
    CountingDisk disk = new CountingDisk(new RealDisk(dir));
    ThreadScheduler scheduler = ThreadScheduler.start("bench-group");
    SegmentedLogStore store = SegmentedLogStore.openThreaded(disk, scheduler, LogStoreOptions.defaults(), "bench-log-writer");
    long warmupEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
    long end = warmupEnd + (long) (seconds * 1e9);
    long[] latencies = new long[4_000_000];
    int[] count = {0};
    long[] syncsAtStart = {-1};
    CountDownLatch stopped = new CountDownLatch(appenders);
    byte[] payload = new byte[PAYLOAD];
    scheduler.execute(() -> {
      for (int a = 0; a < appenders; a++) {
        new Appender(store, payload, latencies, count, warmupEnd, end, syncsAtStart, disk, stopped).next();
      }
    });
    if (!stopped.await((long) (seconds + 60), TimeUnit.SECONDS)) {
      throw new IllegalStateException("appenders did not finish");
    }
    long syncs = disk.syncs.get() - syncsAtStart[0];
    int n = Math.min(count[0], latencies.length);
    long[] measured = Arrays.copyOf(latencies, n);
    System.out.printf("| %d | %,.0f | %.3f | %.3f | %.1f |%n",
        appenders, count[0] / seconds, ms(percentile(measured, 50)), ms(percentile(measured, 99)), syncs == 0 ? 0.0 : count[0] / (double) syncs);
    CountDownLatch closed = new CountDownLatch(1);
    scheduler.execute(() -> {
      store.close();
      closed.countDown();
    });
    closed.await(30, TimeUnit.SECONDS);
    scheduler.close();
  }

  /** One closed-loop appender; all of its methods run on the store's scheduler. */
  private static final class Appender {
    private final SegmentedLogStore store;
    private final byte[] payload;
    private final long[] latencies;
    private final int[] count;
    private final long warmupEnd;
    private final long end;
    private final long[] syncsAtStart;
    private final CountingDisk disk;
    private final CountDownLatch stopped;
    private final Runnable onDurable = this::durable;
    private long issuedAt;

    Appender(SegmentedLogStore store, byte[] payload, long[] latencies, int[] count, long warmupEnd, long end,
        long[] syncsAtStart, CountingDisk disk, CountDownLatch stopped) {
      this.store = store;
      this.payload = payload;
      this.latencies = latencies;
      this.count = count;
      this.warmupEnd = warmupEnd;
      this.end = end;
      this.syncsAtStart = syncsAtStart;
      this.disk = disk;
      this.stopped = stopped;
    }

    void next() {
      issuedAt = System.nanoTime();
      long index = store.lastIndex() + 1;
      store.append(List.of(new LogEntry(index, 1, LogEntry.NORMAL, payload)), onDurable);
    }

    private void durable() {
      long now = System.nanoTime();
      if (now >= warmupEnd && now < end) {
        if (syncsAtStart[0] < 0) {
          syncsAtStart[0] = disk.syncs.get();
        }
        int c = count[0]++;
        if (c < latencies.length) {
          latencies[c] = now - issuedAt;
        }
      }
      if (now < end) {
        next();
      } else {
        stopped.countDown();
      }
    }
  }

  private static double ms(double nanos) {
    return nanos / 1e6;
  }

  private static double mean(long[] v) {
    return Arrays.stream(v).average().orElse(0);
  }

  private static double percentile(long[] v, int p) {
    if (v.length == 0) {
      return 0;
    }
    long[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }
}
