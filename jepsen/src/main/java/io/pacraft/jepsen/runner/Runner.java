package io.pacraft.jepsen.runner;

import io.lettuce.core.RedisClient;
import io.pacraft.jepsen.edn.EdnWriter;
import io.pacraft.jepsen.edn.HistoryEdn;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.HistoryRecorder;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import io.pacraft.jepsen.verdict.Result;
import io.pacraft.jepsen.verdict.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One fault-injection run: start (or reach) the cluster, run the workload from {@code concurrency}
 * logical processes while the nemesis injects faults, heal, run the final reads, check the history,
 * and write {@code history.edn}, {@code results.edn} and {@code report.html} under {@code
 * OUT/<run>/} (the nodes' logs beside them).
 *
 * <p>A process runs one operation at a time. When an operation ends {@code :info} (its outcome
 * unknown), the process is retired, as in Jepsen: its operation stays open to the end of the
 * history, and a new process (number + concurrency) takes its place on a new connection.
 */
public final class Runner {
  private final RunSpec spec;
  private final ClusterControl control;
  private final PrintStream out;

  public Runner(RunSpec spec, ClusterControl control, PrintStream out) {
    this.spec = spec;
    this.control = control;
    this.out = out;
  }

  /** What a run produced. */
  public record RunResult(Verdict verdict, String reason, Path dir, Map<String, Long> counts, int faults, int exitCode) {}

  /** Runs; never throws for a cluster or workload failure (that is verdict unknown, exit 2). */
  public RunResult run() throws IOException {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    Path dir = spec.outDir().resolve(spec.runName() + "-" + stamp);
    Files.createDirectories(dir);
    Workload workload = Workload.named(spec.workload());
    HistoryRecorder recorder = new HistoryRecorder();
    long[] t0 = {System.nanoTime()};
    List<String> notes = new ArrayList<>();
    LocalCluster cluster = null;
    Nemesis nemesis = null;
    Result result = null;
    String error = null;
    try {
      say("run " + dir);
      cluster = spec.hosts().isEmpty()
          ? LocalCluster.start(spec, dir.resolve("nodes"), control, this::say)
          : LocalCluster.external(spec.hosts(), control, this::say);
      cluster.awaitUp(120);
      say("cluster up: " + String.join(" ", cluster.addresses()) + "; " + spec.workload() + " for " + spec.timeLimitSeconds() + " s, nemesis "
          + (spec.nemeses().isEmpty() ? "none" : spec.nemeses().stream().map(FaultKind::label).toList()));
      RedisClient client = RedisClient.create();
      Duration timeout = Duration.ofMillis(spec.clientTimeoutMillis());
      client.setOptions(ClientSession.options(timeout));
      try {
        long start = System.nanoTime();
        t0[0] = start;
        long end = start + TimeUnit.SECONDS.toNanos(spec.timeLimitSeconds());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int s = 0; s < spec.concurrency(); s++) {
          int slot = s;
          LocalCluster c = cluster;
          Thread t = new Thread(() -> work(slot, c, client, timeout, workload, recorder, stop, end), "client-" + s);
          workers.add(t);
          t.start();
        }
        Thread nemesisThread = null;
        if (!spec.nemeses().isEmpty()) {
          nemesis = new Nemesis(cluster, spec.nemeses(), recorder, spec.seed() ^ 0x5DEECE66DL, this::say);
          Nemesis n = nemesis;
          long interval = (long) (spec.nemesisIntervalSeconds() * 1e9);
          nemesisThread = new Thread(() -> n.run(end, interval), "nemesis");
          nemesisThread.start();
        }
        for (Thread t : workers) {
          t.join(TimeUnit.SECONDS.toMillis(spec.timeLimitSeconds()) + spec.clientTimeoutMillis() * 4L + 60_000);
        }
        stop.set(true);
        if (nemesisThread != null) {
          nemesisThread.join(300_000);
        }
        cluster.healEverything();
        cluster.awaitUp(120);
        say("healed; final reads");
        finalReads(cluster, client, timeout, workload, recorder);
      } finally {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      History history = recorder.history();
      say("checking " + history.size() + " events");
      result = workload.check(clientEvents(history), Duration.ofMinutes(5));
    } catch (IOException | RuntimeException e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
      notes.add(error);
      say("error: " + error);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } finally {
      if (cluster != null) {
        cluster.close();
        if (!spec.keepData()) {
          for (LocalNode n : cluster.nodes()) {
            LocalNode.deleteTree(n.dataDir());
          }
        }
      }
    }
    History history = recorder.history();
    HistoryEdn.write(history, dir.resolve("history.edn"));
    Verdict verdict = result == null ? Verdict.UNKNOWN : result.verdict();
    String reason = result == null ? "run failed: " + error : result.reason();
    Map<String, Long> counts = counts(history);
    int faults = nemesis == null ? 0 : nemesis.injected();
    writeResults(dir, verdict, reason, result, counts, faults, notes);
    Files.writeString(dir.resolve("report.html"), Report.html(spec, history, t0[0], verdict, reason, result));
    int exit = verdict == Verdict.VALID ? 0 : verdict == Verdict.INVALID ? 1 : 2;
    say(verdict.name().toLowerCase() + ": " + reason);
    say("ops " + counts + ", faults " + faults + "; report " + dir.resolve("report.html"));
    return new RunResult(verdict, reason, dir, counts, faults, exit);
  }

  /** One logical process slot: operations until the time limit, retiring a process after :info. */
  private void work(int slot, LocalCluster cluster, RedisClient client, Duration timeout, Workload workload,
      HistoryRecorder recorder, AtomicBoolean stop, long end) {
    Random random = new Random(spec.seed() * 31 + slot);
    long process = slot;
    Workload.ProcessState state = new Workload.ProcessState();
    ClientSession session = new ClientSession(client, cluster.addresses(), slot, spec.readFromReplicas(), timeout);
    double perProcessRate = spec.rate() / spec.concurrency();
    long gapNanos = perProcessRate <= 0 ? 0 : (long) (1e9 / perProcessRate);
    long next = System.nanoTime();
    try {
      while (!stop.get() && System.nanoTime() < end) {
        Workload.Invocation inv = workload.next(random, state);
        Op call = recorder.invoke(process, inv.f(), inv.value(), inv.key());
        if (!runOne(session, workload, inv, state, call, recorder)) {
          session.close();
          process += spec.concurrency();
          state = new Workload.ProcessState();
          session = new ClientSession(client, cluster.addresses(), slot + (int) (process / spec.concurrency()), spec.readFromReplicas(), timeout);
        }
        if (gapNanos > 0) {
          // exponential gaps around the target rate, so processes do not march in step
          next += (long) (-Math.log(1 - random.nextDouble()) * gapNanos);
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } else if (wait < -gapNanos * 10) {
            next = System.nanoTime();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      session.close();
    }
  }

  /** Runs one operation and records its completion; false when the process must retire (:info). */
  private static boolean runOne(ClientSession session, Workload workload, Workload.Invocation inv, Workload.ProcessState state,
      Op call, HistoryRecorder recorder) {
    try {
      Object value = workload.execute(session, inv, state);
      recorder.ok(call, value);
      return true;
    } catch (Workload.Refused r) {
      recorder.fail(call, r.error());
      return true;
    } catch (Exception e) {
      Outcome o = Outcome.of(e);
      if (o.definite()) {
        recorder.fail(call, Keyword.of(o.error().toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "")));
        if (o.movedTo() != null) {
          session.follow(o.movedTo());
        } else {
          session.rotate();
        }
        return true;
      }
      recorder.info(call, o.error());
      return false;
    }
  }

  /** The workload's final operations, each by a fresh process, retried (as new operations) until one succeeds. */
  private void finalReads(LocalCluster cluster, RedisClient client, Duration timeout, Workload workload, HistoryRecorder recorder)
      throws InterruptedException {
    long process = 1_000_000;
    for (Workload.Invocation inv : workload.finalOperations()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      boolean done = false;
      while (!done && System.nanoTime() < deadline) {
        ClientSession session = new ClientSession(client, cluster.members(), (int) (process % 97), spec.readFromReplicas(), timeout);
        try {
          for (int attempt = 0; attempt < 5 && !done; attempt++) {
            Op call = recorder.invoke(process, inv.f(), inv.value(), inv.key());
            Op before = call;
            if (!runOne(session, workload, inv, new Workload.ProcessState(), call, recorder)) {
              break;
            }
            done = lastOf(recorder, before).type() == OpType.OK;
            if (!done) {
              Thread.sleep(200);
            }
          }
        } finally {
          session.close();
          process++;
        }
      }
    }
  }

  private static Op lastOf(HistoryRecorder recorder, Op invocation) {
    List<Op> ops = recorder.history().ops();
    for (int i = ops.size() - 1; i >= 0; i--) {
      Op o = ops.get(i);
      if (o.type() != OpType.INVOKE && o.process().equals(invocation.process())) {
        return o;
      }
    }
    return invocation;
  }

  /** The history the checkers see: client events only. */
  static History clientEvents(History h) {
    List<Op> ops = new ArrayList<>();
    for (Op o : h) {
      if (o.isClient()) {
        ops.add(o);
      }
    }
    return History.of(ops);
  }

  /** ok / fail / info completions, invocations and nemesis events. */
  static Map<String, Long> counts(History h) {
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("invoke", 0L);
    c.put("ok", 0L);
    c.put("fail", 0L);
    c.put("info", 0L);
    c.put("nemesis", 0L);
    for (Op o : h) {
      String k = !o.isClient() ? "nemesis" : o.type().name().toLowerCase();
      c.merge(k, 1L, Long::sum);
    }
    return c;
  }

  private void writeResults(Path dir, Verdict verdict, String reason, Result result, Map<String, Long> counts, int faults, List<String> notes)
      throws IOException {
    Map<Object, Object> r = new LinkedHashMap<>();
    r.put(Keyword.of("valid?"), verdict == Verdict.VALID ? Boolean.TRUE : verdict == Verdict.INVALID ? Boolean.FALSE : Keyword.of("unknown"));
    r.put(Keyword.of("verdict"), Keyword.of(verdict.name().toLowerCase()));
    r.put(Keyword.of("reason"), reason);
    r.put(Keyword.of("protocol"), spec.protocol());
    r.put(Keyword.of("workload"), spec.workload());
    r.put(Keyword.of("nemesis"), spec.nemeses().stream().map(FaultKind::label).map(s -> (Object) Keyword.of(s)).toList());
    r.put(Keyword.of("nodes"), (long) (spec.hosts().isEmpty() ? spec.nodes() : spec.hosts().size()));
    r.put(Keyword.of("time-limit"), (long) spec.timeLimitSeconds());
    r.put(Keyword.of("seed"), spec.seed());
    r.put(Keyword.of("read-from-replicas"), spec.readFromReplicas());
    Map<Object, Object> cs = new LinkedHashMap<>();
    counts.forEach((k, v) -> cs.put(Keyword.of(k), v));
    r.put(Keyword.of("counts"), cs);
    r.put(Keyword.of("faults"), (long) faults);
    if (result != null && !result.isValid()) {
      r.put(Keyword.of("anomalies"), result.explanation());
    }
    if (!notes.isEmpty()) {
      r.put(Keyword.of("errors"), new ArrayList<Object>(notes));
    }
    Files.writeString(dir.resolve("results.edn"), EdnWriter.write(r) + "\n");
  }

  private void say(String line) {
    synchronized (out) {
      out.println(line);
    }
  }
}
