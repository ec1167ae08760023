package io.pacraft.replication.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.SimDisk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs random sequences of appends (some deferred: no sync asked for), conflicting appends,
 * hard-state saves, compactions, syncs and sync tasks against a {@link SimDisk}, crashes after
 * every single disk operation (losing all unsynced data, and with several seeded torn-write
 * variants), reopens, and checks that what comes back is the state after some prefix of the issued
 * operations that includes every acknowledged one.
 *
 * <p>{@code -Dlog.crash.seeds=N} runs N workloads (default 25).
 */
class LogCrashRecoveryTest {
  private static final int WORKLOADS = Integer.getInteger("log.crash.seeds", 25);
  private static final int VARIANTS = 4;

  /** The store's state as the test reads it, or as the model predicts it. */
  record State(long first, long last, long snapshotIndex, long snapshotTerm, byte[] hardState, List<LogEntry> entries) {
    boolean same(State o) {
      return first == o.first
          && last == o.last
          && snapshotIndex == o.snapshotIndex
          && snapshotTerm == o.snapshotTerm
          && Arrays.equals(hardState, o.hardState)
          && entries.equals(o.entries);
    }

    @Override
    public String toString() {
      return "State{first=" + first + " last=" + last + " snap=" + snapshotIndex + "@" + snapshotTerm
          + " hs=" + Arrays.toString(hardState) + " " + entries + "}";
    }
  }

  /** What the log should hold after each record-level step, in issue order. */
  static final class Model {
    final TreeMap<Long, LogEntry> entries = new TreeMap<>();
    long first = 1;
    long last;
    long snapshotIndex;
    long snapshotTerm;
    byte[] hardState = new byte[0];
    final List<State> states = new ArrayList<>();

    Model() {
      step();
    }

    int steps() {
      return states.size() - 1;
    }

    void step() {
      states.add(new State(first, last, snapshotIndex, snapshotTerm, hardState, new ArrayList<>(entries.values())));
    }

    long term(long i) {
      LogEntry e = entries.get(i);
      return e != null ? e.term() : snapshotTerm;
    }

    void append(List<LogEntry> es) {
      long start = es.get(0).index();
      if (start <= last) {
        entries.tailMap(start, true).clear();
        last = start - 1;
        step();
      }
      for (LogEntry e : es) {
        entries.put(e.index(), e);
        last = e.index();
        step();
      }
    }

    void saveHardState(byte[] hs) {
      hardState = hs;
      step();
    }

    void compact(long i, long t, long retain) {
      boolean discardAll = i > last || term(i) != t;
      if (discardAll) {
        entries.clear();
        last = i;
        first = i + 1;
      } else {
        first = Math.min(i + 1, Math.max(first, i + 1 - retain));
        entries.headMap(first, false).clear();
      }
      snapshotIndex = i;
      snapshotTerm = t;
      step();
    }
  }

  record CrashPoint(SimDisk disk, int acked, int issued, String where) {}

  /** How a workload opens its store: the two sinks that write a real log, on the simulated disk. */
  private interface Opener {
    SegmentedLogStore open(SimDisk disk, QueueScheduler scheduler, LogStoreOptions options) throws IOException;
  }

  @Test
  void recoversAnAcknowledgedPrefixAfterACrashAtEveryDiskOperation() throws IOException {
    assertThat(runWorkloads(SegmentedLogStore::openDeterministic)).isGreaterThan(WORKLOADS * 50);
  }

  /** The same with the group commit a standalone node runs on its event loop (writes held until the sync task). */
  @Test
  void recoversAnAcknowledgedPrefixAfterACrashAtEveryDiskOperationOfASchedulerGroupCommit() throws IOException {
    // spare segments filled on the calling thread, so every disk operation is a crash point in order
    assertThat(runWorkloads((disk, scheduler, options) -> SegmentedLogStore.openOnScheduler(disk, scheduler, options, Runnable::run)))
        .isGreaterThan(WORKLOADS * 20);
  }

  /** Runs every workload; returns how many crash points were checked. */
  private int runWorkloads(Opener opener) throws IOException {
    int checked = 0;
    for (int w = 0; w < WORKLOADS; w++) {
      checked += runWorkload(w, opener);
    }
    return checked;
  }

  private int runWorkload(long seed, Opener opener) throws IOException {
    SplittableRandom rnd = new SplittableRandom(seed);
    LogStoreOptions options =
        LogStoreOptions.defaults()
            .withSegmentBytes(new long[] {96, 200, 1024}[rnd.nextInt(3)])
            .withCacheBytes(rnd.nextBoolean() ? 0 : 1 << 20)
            .withPreallocate(rnd.nextInt(4) != 0);
    SimDisk disk = new SimDisk();
    QueueScheduler scheduler = new QueueScheduler();
    Model model = new Model();
    List<CrashPoint> points = new ArrayList<>();
    int[] acked = {0};
    int[] issued = {0};
    String[] where = {"open"};
    disk.onOperation(() -> points.add(new CrashPoint(disk.copy(), acked[0], issued[0], where[0])));
    points.add(new CrashPoint(disk.copy(), 0, 0, "before open"));

    SegmentedLogStore store = opener.open(disk, scheduler, options);
    long term = 1;
    for (int op = 0; op < 40; op++) {
      int choice = rnd.nextInt(100);
      String what;
      if (choice < 45 || model.last < model.first) {
        int n = 1 + rnd.nextInt(3);
        List<LogEntry> es = new ArrayList<>();
        for (int k = 0; k < n; k++) {
          es.add(entry(model.last + 1 + k, term, rnd));
        }
        model.append(es);
        if (rnd.nextInt(3) == 0) {
          // no sync asked for: durable with whatever later write or sync is acknowledged
          issued[0] = model.steps();
          where[0] = "deferred append " + es.get(0).index() + ".." + model.last;
          store.appendDeferred(es);
          continue;
        }
        what = "append " + es.get(0).index() + ".." + (model.last);
        issue(store, model, acked, issued, where, what, done -> store.append(es, done));
      } else if (choice < 55) {
        long start = Math.max(Math.max(model.first, model.snapshotIndex + 1), model.last - rnd.nextInt(3));
        term++;
        List<LogEntry> es = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
          es.add(entry(start + k, term, rnd));
        }
        model.append(es);
        what = "conflicting append at " + start;
        issue(store, model, acked, issued, where, what, done -> store.append(es, done));
      } else if (choice < 65) {
        byte[] hs = new byte[rnd.nextInt(20)];
        for (int k = 0; k < hs.length; k++) {
          hs[k] = (byte) rnd.nextInt(256);
        }
        model.saveHardState(hs);
        issue(store, model, acked, issued, where, "hard state", done -> store.saveHardState(hs, done));
      } else if (choice < 78) {
        long i;
        long t;
        if (rnd.nextInt(6) == 0) {
          i = model.last + 1 + rnd.nextInt(4);
          t = ++term;
        } else {
          i = model.snapshotIndex + rnd.nextLong(model.last - model.snapshotIndex + 1);
          t = model.term(i);
        }
        long retain = rnd.nextInt(4);
        model.compact(i, t, retain);
        issue(store, model, acked, issued, where, "compact " + i, done -> store.compact(i, t, retain, done));
      } else if (choice < 85) {
        issue(store, model, acked, issued, where, "sync", store::sync);
      } else {
        where[0] = "sync after op " + op;
        scheduler.runAll();
      }
    }
    issue(store, model, acked, issued, where, "sync", store::sync);
    where[0] = "final sync";
    scheduler.runAll();
    assertThat(acked[0]).isEqualTo(model.steps());
    store.close();
    disk.onOperation(null);

    for (int p = 0; p < points.size(); p++) {
      CrashPoint point = points.get(p);
      for (int v = 0; v < VARIANTS; v++) {
        SimDisk crashed = point.disk.copy();
        if (v == 0) {
          crashed.crash();
        } else {
          crashed.crash(new Random(rnd.nextLong()));
        }
        check(crashed, options, model, point, "workload " + seed + ", crash point " + p + " (" + point.where + "), variant " + v);
      }
    }
    return points.size();
  }

  private interface Write {
    void issue(Runnable onDurable);
  }

  private static void issue(SegmentedLogStore store, Model model, int[] acked, int[] issued, String[] where, String what, Write write) {
    int steps = model.steps();
    issued[0] = steps;
    where[0] = what;
    write.issue(
        () -> {
          assertThat(steps).as("callbacks run in issue order").isGreaterThanOrEqualTo(acked[0]);
          acked[0] = steps;
        });
  }

  private static LogEntry entry(long index, long term, SplittableRandom rnd) {
    byte[] payload = new byte[rnd.nextInt(40)];
    for (int k = 0; k < payload.length; k++) {
      payload[k] = (byte) rnd.nextInt(256);
    }
    return new LogEntry(index, term, (byte) rnd.nextInt(3), payload);
  }

  private static void check(SimDisk disk, LogStoreOptions options, Model model, CrashPoint point, String label)
      throws IOException {
    QueueScheduler scheduler = new QueueScheduler();
    State got;
    try (SegmentedLogStore store = SegmentedLogStore.openDeterministic(disk, scheduler, options)) {
      got = read(store);
      boolean matched = false;
      for (int k = point.acked; k <= point.issued && !matched; k++) {
        matched = got.same(model.states.get(k));
      }
      assertThat(matched)
          .as("%s: recovered %s is not the state after any of steps %d..%d; expected e.g. %s",
              label, got, point.acked, point.issued, model.states.get(point.acked))
          .isTrue();
      // the recovered store keeps working
      long next = store.lastIndex() + 1;
      store.append(List.of(new LogEntry(next, 99, LogEntry.NORMAL, new byte[] {1, 2, 3})), null);
      scheduler.runAll();
    }
    try (SegmentedLogStore again = SegmentedLogStore.openDeterministic(disk, new QueueScheduler(), options)) {
      assertThat(again.lastIndex()).as(label + ": reopened after recovery").isEqualTo(got.last + 1);
      assertThat(again.entry(got.last + 1).term()).isEqualTo(99);
      assertThat(again.hardState()).isEqualTo(got.hardState);
    }
  }

  static State read(SegmentedLogStore store) {
    List<LogEntry> entries = new ArrayList<>();
    for (long i = store.firstIndex(); i <= store.lastIndex(); i++) {
      entries.add(store.entry(i));
    }
    return new State(store.firstIndex(), store.lastIndex(), store.snapshotIndex(), store.snapshotTerm(), store.hardState(), entries);
  }
}
