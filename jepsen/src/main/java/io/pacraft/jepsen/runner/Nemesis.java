package io.pacraft.jepsen.runner;

import io.pacraft.jepsen.history.HistoryRecorder;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Injects faults into a local cluster on a schedule: the cluster stays healthy for an interval, a
 * fault (the run's kinds take turns, in an order drawn from the seed; each one's shape and target
 * are picked at random) starts and
 * lasts an interval, then heals.
 * Every start and stop is recorded in the history as an {@code :info} event of process {@code
 * :nemesis} ({@code :f :start-kill}, {@code :value "leader 127.0.0.1:7001"}...), which the checkers
 * ignore and the report shades.
 */
public final class Nemesis {
  /** A clock offset reaches the nodes through {@code CONFIG SET debug-clock-offset-ms}. */
  public static final String CLOCK_PARAMETER = "debug-clock-offset-ms";

  private final LocalCluster cluster;
  private final List<FaultKind> kinds;
  private final HistoryRecorder recorder;
  private final Random random;
  private final Consumer<String> log;
  private final List<Runnable> heals = new ArrayList<>();
  private int injected;
  private int round;

  public Nemesis(LocalCluster cluster, List<FaultKind> kinds, HistoryRecorder recorder, long seed, Consumer<String> log) {
    this.cluster = cluster;
    this.recorder = recorder;
    this.random = new Random(seed);
    // the turn order is drawn from the seed: a short run of many kinds covers different ones per seed
    List<FaultKind> order = new ArrayList<>(kinds);
    Collections.shuffle(order, random);
    this.kinds = List.copyOf(order);
    this.log = log;
  }

  /** How many faults were injected. */
  public synchronized int injected() {
    return injected;
  }

  /** Runs the schedule until {@code endNanos}, healing the last fault before it returns. */
  public void run(long endNanos, long intervalNanos) {
    while (!Thread.currentThread().isInterrupted()) {
      if (!sleepUntil(Math.min(endNanos, System.nanoTime() + intervalNanos))) {
        break;
      }
      if (System.nanoTime() + intervalNanos / 2 > endNanos) {
        break;
      }
      // kinds take turns, so every kind of the list is exercised; the shape of each is random
      FaultKind kind = kinds.get(round++ % kinds.size());
      try {
        start(kind);
      } catch (IOException | RuntimeException e) {
        record("error-" + kind.label(), e.getMessage());
        log.accept("nemesis: " + kind.label() + " failed: " + e.getMessage());
        healAll();
        continue;
      }
      boolean onTime = sleepUntil(Math.min(endNanos, System.nanoTime() + intervalNanos));
      healAll();
      if (!onTime) {
        break;
      }
    }
    healAll();
  }

  private static boolean sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      try {
        Thread.sleep(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Starts one fault of {@code kind}; its heal is queued for {@link #healAll}. */
  public void start(FaultKind kind) throws IOException {
    String what;
    switch (kind) {
      case KILL -> {
        List<Integer> targets = targets();
        what = describe(targets);
        record("start-kill", what);
        for (int i : targets) {
          cluster.node(i).kill9();
        }
        heals.add(() -> {
          // restarted together: a JVM takes seconds to start on a busy machine
          List<Thread> starts = new ArrayList<>();
          for (int i : targets) {
            Thread t = new Thread(() -> restart(i), "restart-" + i);
            starts.add(t);
            t.start();
          }
          for (Thread t : starts) {
            try {
              t.join();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          record("stop-kill", what);
        });
      }
      case PAUSE -> {
        List<Integer> targets = targets();
        what = describe(targets);
        record("start-pause", what);
        for (int i : targets) {
          cluster.node(i).pause();
        }
        heals.add(() -> {
          for (int i : targets) {
            cluster.node(i).resume();
          }
          record("stop-pause", what);
        });
      }
      case PARTITION -> {
        what = partition();
        heals.add(() -> {
          cluster.proxy().healAll();
          record("stop-partition", what);
        });
      }
      case CLOCK -> {
        int i = random.nextInt(cluster.size());
        long offset = (random.nextBoolean() ? 1 : -1) * (1_000L + random.nextInt(9_000));
        what = cluster.node(i).address() + " " + (offset > 0 ? "+" : "") + offset + " ms";
        record("start-clock", what);
        cluster.setClockOffset(i, offset);
        heals.add(() -> {
          try {
            cluster.setClockOffset(i, 0);
          } catch (IOException e) {
            log.accept("nemesis: clock reset of " + cluster.node(i).address() + " failed: " + e.getMessage());
          }
          record("stop-clock", what);
        });
      }
      case MEMBERSHIP -> {
        int i = random.nextInt(cluster.size());
        what = cluster.node(i).address();
        record("start-membership", "remove and wipe " + what);
        cluster.removeAndWipe(i);
        heals.add(() -> {
          try {
            cluster.addBack(i);
            record("stop-membership", "added back " + what);
          } catch (IOException e) {
            record("error-membership", "add back " + what + ": " + e.getMessage());
            log.accept("nemesis: add-node " + what + " failed: " + e.getMessage());
          }
        });
      }
      case TRANSFER -> {
        Optional<String> from = cluster.leaderAddress();
        record("start-transfer", from.map(f -> "from " + f).orElse("no leader known"));
        String to = cluster.transferLeadership();
        // the window is the transfer itself: nothing stays broken afterwards
        record("stop-transfer", "to " + to);
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
    synchronized (this) {
      injected++;
    }
  }

  /** Undoes every fault in force, in reverse order. */
  public void healAll() {
    List<Runnable> todo = new ArrayList<>(heals);
    heals.clear();
    Collections.reverse(todo);
    for (Runnable r : todo) {
      try {
        r.run();
      } catch (RuntimeException e) {
        log.accept("nemesis: heal failed: " + e.getMessage());
      }
    }
  }

  private void restart(int i) {
    try {
      cluster.node(i).start(120);
    } catch (IOException e) {
      record("error-restart", cluster.node(i).address() + ": " + e.getMessage());
      log.accept("nemesis: restart of " + cluster.node(i).address() + " failed: " + e.getMessage());
    }
  }

  /** The leader, one random node, or a majority (leader included when known). */
  private List<Integer> targets() {
    int n = cluster.size();
    int leader = cluster.leaderIndex().orElse(random.nextInt(n));
    return switch (random.nextInt(3)) {
      case 0 -> List.of(leader);
      case 1 -> List.of(random.nextInt(n));
      default -> {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (i != leader) {
            all.add(i);
          }
        }
        Collections.shuffle(all, random);
        List<Integer> m = new ArrayList<>(all.subList(0, n / 2));
        m.add(0, leader);
        yield m;
      }
    };
  }

  private String describe(List<Integer> targets) {
    List<String> a = new ArrayList<>();
    for (int i : targets) {
      a.add(cluster.node(i).address());
    }
    String how = targets.size() == 1 ? (cluster.leaderIndex().orElse(-1) == targets.get(0) ? "leader " : "node ") : "majority ";
    return how + String.join(" ", a);
  }

  /** Cuts, slows or degrades bus links in one of six shapes; returns its description. */
  private String partition() {
    int n = cluster.size();
    BusProxy p = cluster.proxy();
    int leader = cluster.leaderIndex().orElse(random.nextInt(n));
    String what;
    switch (random.nextInt(6)) {
      case 0 -> {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          order.add(i);
        }
        Collections.shuffle(order, random);
        List<Integer> a = order.subList(0, n / 2);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            if (a.contains(i) != a.contains(j)) {
              p.setCut(i, j, true);
            }
          }
        }
        what = "halves " + addresses(a) + " | " + addresses(order.subList(n / 2, n));
      }
      case 1 -> {
        for (int j = 0; j < n; j++) {
          if (j != leader) {
            p.setCut(leader, j, true);
            p.setCut(j, leader, true);
          }
        }
        what = "isolated leader " + cluster.node(leader).address();
      }
      case 2 -> {
        // each node keeps its ring neighbours (a majority with itself when n <= 5), no two the same majority
        int reach = n / 2 / 2 + (n / 2) % 2;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            int d = Math.min(Math.abs(i - j), n - Math.abs(i - j));
            if (d > reach) {
              p.setCut(i, j, true);
            }
          }
        }
        what = "majorities ring over " + n + " nodes";
      }
      case 3 -> {
        for (int j = 0; j < n; j++) {
          if (j != leader) {
            p.setCut(leader, j, true);
          }
        }
        what = "one-way: leader " + cluster.node(leader).address() + " cannot send";
      }
      case 4 -> {
        long ms = 50 + random.nextInt(250);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            p.setDelay(i, j, ms);
          }
        }
        what = "every link delayed " + ms + " ms";
      }
      default -> {
        double rate = 0.2 + random.nextInt(3) / 10.0;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            p.setDropRate(i, j, rate);
          }
        }
        what = "every link drops " + Math.round(rate * 100) + "% of messages";
      }
    }
    record("start-partition", what);
    return what;
  }

  private String addresses(List<Integer> idx) {
    List<String> a = new ArrayList<>();
    for (int i : idx) {
      a.add(cluster.node(i).address());
    }
    return String.join(" ", a);
  }

  private void record(String f, String value) {
    recorder.record(new Op(-1, Keyword.of("nemesis"), OpType.INFO, f, value, -1, null, null));
    log.accept("nemesis: " + f + " " + value);
  }
}
