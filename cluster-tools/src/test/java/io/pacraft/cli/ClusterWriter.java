package io.pacraft.cli;

import io.pacraft.cli.admin.NodeClient;
import io.pacraft.resp.RespValue;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A write load for cluster tests: SETs of increasing values over a set of keys, following MOVED
 * like a cluster client. It remembers the highest value acknowledged per key (an error reply or a
 * lost connection acknowledges nothing) and the longest time between two acknowledgements.
 */
final class ClusterWriter implements Runnable, AutoCloseable {
  private final List<String> seeds;
  private final String prefix;
  private final int keys;
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong lastAck = new AtomicLong();
  private final AtomicLong longestGapNanos = new AtomicLong();
  private final AtomicLong count = new AtomicLong();
  private final Thread thread;
  private volatile long gapFrom;

  ClusterWriter(List<String> seeds, String prefix, int keys) {
    this.seeds = List.copyOf(seeds);
    this.prefix = prefix;
    this.keys = keys;
    this.thread = new Thread(this, "cluster-writer-" + prefix);
    thread.setDaemon(true);
  }

  ClusterWriter start() {
    lastAck.set(System.nanoTime());
    thread.start();
    return this;
  }

  @Override
  public void run() {
    String target = seeds.get(0);
    NodeClient c = null;
    long deadline = System.nanoTime() + 300_000_000_000L;
    for (long v = 1; !stop.get() && System.nanoTime() < deadline; v++) {
      String key = prefix + (v % keys);
      try {
        if (c == null) {
          c = new NodeClient(target, 2000);
        }
        RespValue r = c.call("SET", key, Long.toString(v));
        if (r instanceof RespValue.Simple) {
          acked.merge(key, v, Math::max);
          long now = System.nanoTime();
          long prev = lastAck.getAndSet(now);
          if (now - prev > longestGapNanos.get()) {
            longestGapNanos.set(now - prev);
            gapFrom = prev;
          }
          count.incrementAndGet();
        } else if (r instanceof RespValue.Error e && e.message().startsWith("MOVED")) {
          target = e.message().split(" ")[2];
          c.close();
          c = null;
        } else {
          pause(50); // CLUSTERDOWN while a leader is elected: nothing happened, try again
        }
      } catch (IOException e) {
        // the node died or closed the connection: that write may or may not have happened
        if (c != null) {
          c.close();
          c = null;
        }
        target = seeds.get((int) (v % seeds.size()));
        pause(50);
      }
    }
    if (c != null) {
      c.close();
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Map<String, Long> acked() {
    return acked;
  }

  long count() {
    return count.get();
  }

  /** Longest time without an acknowledged write, in milliseconds. */
  long longestGapMillis() {
    return longestGapNanos.get() / 1_000_000;
  }

  /** Waits until {@code n} more writes have been acknowledged (bounded). */
  void awaitMore(long n, long timeoutMillis) throws InterruptedException {
    long target = count.get() + n;
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (count.get() < target && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (count.get() < target) {
      throw new AssertionError("writes stalled: " + count.get() + " acknowledged, wanted " + target);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(30_000);
  }
}
