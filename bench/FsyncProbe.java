import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the disk under a log store gives: latency of making a small write durable, in the patterns a
 * replicated log could use. Run by bench/fsync-probe.sh (java's single-file launcher; no project
 * classes). Prints one Markdown table.
 *
 * <ul>
 *   <li>three writers, each on its own file, each write followed by fdatasync (three replicas on one
 *       disk);
 *   <li>the same on files written full of zeros and synced first, so that a write changes no file
 *       size or extent and fdatasync has no metadata to journal;
 *   <li>the same with O_DSYNC writes instead of fdatasync;
 *   <li>sixteen closed-loop appenders on one file with group commit (a sync covers every write that
 *       finished before it started), one sync at a time, then up to two overlapping.
 * </ul>
 *
 * <p>Besides percentiles, each row counts operations slower than 3 ms per second and, for the three
 * writers, the share of those that overlapped in time a slow one on both other writers: whether the
 * device stalls as a whole or one file at a time.
 */
public final class FsyncProbe {
  private static final int RECORD = 1600;
  private static final long PREALLOCATED = 64L << 20;

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory(Path.of(args.length > 0 ? args[0] : "/tmp"), "fsync-probe");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.out.println("| pattern | ops/s | p50 ms | p90 ms | p99 ms | p99.9 ms | ops > 3 ms per s | of those, overlapping one > 3 ms on every other writer |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    try {
      for (int round = 0; round < 2; round++) {
        print("3 writers, write + fdatasync", separateFiles(dir, seconds, false, false), seconds);
        print("3 writers, preallocated file, write + fdatasync", separateFiles(dir, seconds, false, true), seconds);
        print("3 writers, O_DSYNC write", separateFiles(dir, seconds, true, false), seconds);
        print("16 appenders, group commit, 1 sync at a time", new Run(groupCommit(dir, seconds, 1), -1), seconds);
        print("16 appenders, group commit, 2 overlapping syncs", new Run(groupCommit(dir, seconds, 2), -1), seconds);
      }
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private static final long SLOW = 3_000_000;

  /**
   * Sorted latencies of one pattern; for the three writers, how many of their slow operations (over
   * 3 ms) overlapped in time a slow one on each of the two other writers (-1: not measured). Near
   * all of them means the device stalls as a whole, not one file.
   */
  private record Run(long[] sorted, long sharedSlow) {}

  private static void print(String pattern, Run run, int seconds) {
    long[] sorted = run.sorted;
    int n = sorted.length;
    long slow = Arrays.stream(sorted).filter(l -> l > SLOW).count();
    System.out.printf(
        "| %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %s |%n",
        pattern,
        n / (double) seconds,
        sorted[n / 2] / 1e6,
        sorted[(int) (n * 0.9)] / 1e6,
        sorted[(int) (n * 0.99)] / 1e6,
        sorted[(int) (n * 0.999)] / 1e6,
        slow / (double) seconds,
        run.sharedSlow < 0 ? "–" : slow == 0 ? "0" : String.format("%d %%", Math.round(100.0 * run.sharedSlow / slow)));
  }

  private static Run separateFiles(Path dir, int seconds, boolean dsync, boolean preallocate)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long[][] latencies = new long[3][];
    List<List<long[]>> slowSpans = List.of(new java.util.ArrayList<>(), new java.util.ArrayList<>(), new java.util.ArrayList<>());
    Thread[] threads = new Thread[3];
    for (int t = 0; t < 3; t++) {
      int ti = t;
      threads[t] =
          new Thread(
              () -> {
                Set<OpenOption> options = new HashSet<>(List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
                if (dsync) {
                  options.add(StandardOpenOption.DSYNC);
                }
                long[] lat = new long[1 << 20];
                int n = 0;
                Path file = dir.resolve("w" + ti);
                try (FileChannel ch = FileChannel.open(file, options)) {
                  if (preallocate) {
                    zeroFill(ch, PREALLOCATED);
                  }
                  ByteBuffer b = ByteBuffer.allocate(RECORD);
                  for (long pos = 0; System.nanoTime() < end && n < lat.length; pos += RECORD) {
                    if (preallocate && pos + RECORD > PREALLOCATED) {
                      pos = 0;
                    }
                    b.clear();
                    long t0 = System.nanoTime();
                    ch.write(b, pos);
                    if (!dsync) {
                      ch.force(false);
                    }
                    long took = System.nanoTime() - t0;
                    lat[n++] = took;
                    if (took > SLOW) {
                      slowSpans.get(ti).add(new long[] {t0, t0 + took});
                    }
                  }
                  Files.delete(file);
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
                latencies[ti] = Arrays.copyOf(lat, n);
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    long shared = 0;
    for (int w = 0; w < 3; w++) {
      for (long[] span : slowSpans.get(w)) {
        boolean everyOther = true;
        for (int o = 0; o < 3 && everyOther; o++) {
          if (o != w && slowSpans.get(o).stream().noneMatch(x -> x[0] < span[1] && span[0] < x[1])) {
            everyOther = false;
          }
        }
        if (everyOther) {
          shared++;
        }
      }
    }
    return new Run(all, shared);
  }

  /** Writes zeros over the first {@code bytes} of the file and syncs them, size included. */
  private static void zeroFill(FileChannel ch, long bytes) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
    for (long pos = 0; pos < bytes; pos += zeros.capacity()) {
      zeros.clear();
      ch.write(zeros, pos);
    }
    ch.force(true);
  }

  private static long[] groupCommit(Path dir, int seconds, int maxSyncs) throws Exception {
    Path file = dir.resolve("group");
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long[] lat = new long[1 << 22];
    AtomicInteger count = new AtomicInteger();
    AtomicLong position = new AtomicLong();
    AtomicLong written = new AtomicLong();
    AtomicLong durable = new AtomicLong();
    Semaphore syncs = new Semaphore(maxSyncs);
    Object signal = new Object();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      Thread[] threads = new Thread[16];
      for (int t = 0; t < threads.length; t++) {
        threads[t] =
            new Thread(
                () -> {
                  ByteBuffer b = ByteBuffer.allocate(100);
                  try {
                    while (System.nanoTime() < end) {
                      long t0 = System.nanoTime();
                      b.clear();
                      ch.write(b, position.getAndAdd(100));
                      long mine = written.incrementAndGet();
                      while (durable.get() < mine) {
                        if (syncs.tryAcquire()) {
                          try {
                            long covers = written.get();
                            ch.force(false);
                            durable.accumulateAndGet(covers, Math::max);
                          } finally {
                            syncs.release();
                          }
                          synchronized (signal) {
                            signal.notifyAll();
                          }
                        } else {
                          synchronized (signal) {
                            if (durable.get() < mine) {
                              signal.wait(1);
                            }
                          }
                        }
                      }
                      int i = count.getAndIncrement();
                      if (i < lat.length) {
                        lat[i] = System.nanoTime() - t0;
                      }
                    }
                  } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                  }
                });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
    } finally {
      Files.deleteIfExists(file);
    }
    long[] all = Arrays.copyOf(lat, Math.min(count.get(), lat.length));
    Arrays.sort(all);
    return all;
  }
}
