import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether slow syncs are the disk's or the whole machine's: writers doing write + fdatasync on
 * preallocated files, beside threads that only sleep 0.1 ms at a time (counting wake-ups over 3 ms
 * late) or keep a CPU busy for part of each millisecond. Run by bench/stall-probe.sh; see
 * docs/benchmarks.md ("What stalls: the machine, not the disk").
 */
public class StallProbe {
  record Pattern(String name, int writers, int sleepers, int busy, int dutyPercent) {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    List<Pattern> patterns = List.of(
        new Pattern("2 writers", 2, 0, 0, 0),
        new Pattern("3 writers", 3, 0, 0, 0),
        new Pattern("2 writers, 1 sleeper", 2, 1, 0, 0),
        new Pattern("2 writers, 1 thread busy 25 %", 2, 0, 1, 25),
        new Pattern("2 writers, 1 thread busy 50 %", 2, 0, 1, 50),
        new Pattern("2 writers, 1 thread busy 100 %", 2, 0, 1, 100),
        new Pattern("no writer, 3 sleepers", 0, 3, 0, 0),
        new Pattern("no writer, 1 sleeper, 2 threads busy 100 %", 0, 1, 2, 100));
    System.out.printf("%d s per pattern%n%n", seconds);
    System.out.println("| pattern | syncs/s | syncs > 3 ms per s | sleeper wake-ups > 3 ms late per s |");
    System.out.println("|---|---:|---:|---:|");
    for (Pattern p : patterns) {
      run(dir, seconds, p);
    }
  }

  private static void run(Path dir, int seconds, Pattern p) throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong syncs = new AtomicLong();
    AtomicLong slowSyncs = new AtomicLong();
    AtomicLong lateWakes = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int w = 0; w < p.writers(); w++) {
      Path f = Files.createTempFile(dir, "stall-probe", ".dat");
      files.add(f);
      threads.add(new Thread(() -> write(f, end, syncs, slowSyncs)));
    }
    for (int s = 0; s < p.sleepers(); s++) {
      threads.add(new Thread(() -> {
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          LockSupport.parkNanos(100_000);
          if (System.nanoTime() - t0 > 3_000_000) {
            lateWakes.incrementAndGet();
          }
        }
      }));
    }
    for (int b = 0; b < p.busy(); b++) {
      threads.add(new Thread(() -> {
        long busyNanos = p.dutyPercent() * 10_000L;
        long x = 0;
        while (System.nanoTime() < end) {
          long t0 = System.nanoTime();
          while (System.nanoTime() - t0 < busyNanos) {
            x++;
          }
          if (p.dutyPercent() < 100) {
            LockSupport.parkNanos(1_000_000L - busyNanos);
          }
        }
        if (x == 42) {
          System.out.print("");
        }
      }));
    }
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
    System.out.printf("| %s | %s | %s | %s |%n", p.name(),
        p.writers() == 0 ? "–" : String.format("%,.0f", syncs.get() / (double) seconds),
        p.writers() == 0 ? "–" : String.format("%.1f", slowSyncs.get() / (double) seconds),
        p.sleepers() == 0 ? "–" : String.format("%.1f", lateWakes.get() / (double) seconds));
  }

  private static void write(Path f, long end, AtomicLong syncs, AtomicLong slowSyncs) {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
      for (int i = 0; i < 64; i++) {
        zeros.clear();
        ch.write(zeros);
      }
      ch.force(true);
      ByteBuffer record = ByteBuffer.allocate(1000);
      long pos = 0;
      while (System.nanoTime() < end) {
        record.clear();
        ch.write(record, pos);
        pos = (pos + 1000) % (60 << 20);
        long t0 = System.nanoTime();
        ch.force(false);
        syncs.incrementAndGet();
        if (System.nanoTime() - t0 > 3_000_000) {
          slowSyncs.incrementAndGet();
        }
      }
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
