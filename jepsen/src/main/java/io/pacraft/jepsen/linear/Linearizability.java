package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.model.Model;
import io.pacraft.jepsen.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks that a history is linearizable with respect to a {@link Model}, as Knossos does: a
 * {@code :fail} did not happen, an {@code :info} (or a missing completion) may have happened at
 * any time after its invocation or never, an {@code :ok} read of nil matches any state.
 *
 * <p>The history is split by key when the model allows it (P-compositionality, Horn &amp;
 * Kroening); each partition is searched with Wing–Gong–Lowe and a configuration cache, in parallel
 * on a bounded pool; the first invalid partition cancels the others. A time limit makes the verdict
 * unknown instead of running on; memory is bounded by a cap on cached configurations.
 */
public final class Linearizability {
  private Linearizability() {}

  /**
   * Options of a check.
   *
   * @param timeLimit how long the whole check may take, or null for no limit
   * @param threads how many partitions are searched at once (at least 1)
   * @param casFailure how a failed {@code :cas} is read
   * @param maxCachedConfigurations the cache bound of each partition's search; the search also
   *     keeps its cache within a quarter of the heap shared by all threads, whichever is smaller
   */
  public record Options(
      Duration timeLimit, int threads, CasFailure casFailure, int maxCachedConfigurations) {
    public Options {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      if (casFailure == null) {
        casFailure = CasFailure.DROP;
      }
    }

    /**
     * No time limit, one thread per processor, failed cas dropped, cache bounded by memory only.
     */
    public static Options defaults() {
      return new Options(null, Runtime.getRuntime().availableProcessors(), CasFailure.DROP,
          Integer.MAX_VALUE);
    }

    public Options withTimeLimit(Duration limit) {
      return new Options(limit, threads, casFailure, maxCachedConfigurations);
    }

    public Options withThreads(int n) {
      return new Options(timeLimit, n, casFailure, maxCachedConfigurations);
    }

    public Options withCasFailure(CasFailure mode) {
      return new Options(timeLimit, threads, mode, maxCachedConfigurations);
    }

    public Options withMaxCachedConfigurations(int n) {
      return new Options(timeLimit, threads, casFailure, n);
    }
  }

  /** Checks with {@link Options#defaults()}. */
  public static LinearizabilityResult check(History history, Model model) {
    return check(history, model, Options.defaults());
  }

  /**
   * Checks {@code history} against {@code model}.
   *
   * @throws IllegalArgumentException when the history is malformed (a completion without an
   *     invocation) or holds an operation the model does not know
   */
  public static LinearizabilityResult check(History history, Model model, Options options) {
    long start = System.nanoTime();
    long deadline = options.timeLimit() == null ? Long.MAX_VALUE
        : start + options.timeLimit().toNanos();
    List<Partition> partitions = new ArrayList<>(Partition.split(history, model,
        options.casFailure()));
    if (partitions.size() > 1) { // largest first, for balance
      partitions.sort(Comparator.comparingInt((Partition p) -> p.calls().size()).reversed());
    }
    AtomicBoolean cancel = new AtomicBoolean();
    List<Search> done = new ArrayList<>();
    int threads = Math.max(1, Math.min(options.threads(), partitions.size()));
    if (threads <= 1) {
      for (Partition p : partitions) {
        Search s = new Search(p, model, deadline, cancel, cacheBound(p, options, threads));
        s.run();
        done.add(s);
        if (s.outcome() != Search.Outcome.VALID) {
          break;
        }
      }
    } else {
      runInParallel(partitions, model, options, deadline, cancel, threads, done);
    }
    return summarize(done, model, partitions.size(), options);
  }

  /**
   * How many configurations a partition's search may cache: the option, and no more than fit in
   * this search's share of a quarter of the heap (an entry holds a bitset over the partition's
   * calls, a state and table slots; states are counted at a nominal 64 bytes).
   */
  static int cacheBound(Partition p, Options options, int threads) {
    long budget = Runtime.getRuntime().maxMemory() / 4 / threads;
    long entryBytes = 16 + 8L * ((p.calls().size() + 63) / 64) + 48 + 64;
    long fits = Math.max(1_000, budget / entryBytes);
    return (int) Math.min(options.maxCachedConfigurations(), Math.min(fits, 1 << 28));
  }

  private static void runInParallel(List<Partition> partitions, Model model, Options options,
      long deadline, AtomicBoolean cancel, int threads, List<Search> done) {
    AtomicInteger ids = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "linearizability-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      ExecutorCompletionService<Search> completions = new ExecutorCompletionService<>(pool);
      List<Future<Search>> futures = new ArrayList<>(partitions.size());
      for (Partition p : partitions) {
        futures.add(completions.submit(() -> {
          Search s = new Search(p, model, deadline, cancel, cacheBound(p, options, threads));
          if (!cancel.get()) {
            s.run();
          }
          return s;
        }));
      }
      for (int i = 0; i < partitions.size(); i++) {
        Search s;
        try {
          s = completions.take().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          cancel.set(true);
          break;
        } catch (ExecutionException e) {
          cancel.set(true);
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(cause);
        }
        done.add(s);
        if (s.outcome() == Search.Outcome.INVALID) {
          cancel.set(true);
          break;
        }
      }
    } finally {
      cancel.set(true);
      pool.shutdownNow();
    }
  }

  private static LinearizabilityResult summarize(List<Search> done, Model model,
      int partitionCount, Options options) {
    long configurations = 0;
    Verdict verdict = Verdict.VALID;
    Search invalid = null;
    Search stopped = null;
    for (Search s : done) {
      configurations += s.cachedConfigurations();
      switch (s.outcome() == null ? Search.Outcome.CANCELLED : s.outcome()) {
        case INVALID -> {
          verdict = Verdict.INVALID;
          if (invalid == null) {
            invalid = s;
          }
        }
        case TIMED_OUT, CANCELLED -> {
          verdict = verdict.and(Verdict.UNKNOWN);
          if (stopped == null || s.outcome() == Search.Outcome.TIMED_OUT) {
            stopped = s;
          }
        }
        default -> { }
      }
    }
    if (done.size() < partitionCount && verdict == Verdict.VALID) {
      verdict = Verdict.UNKNOWN;
    }
    String keys = partitionCount == 1 ? "" : " over " + partitionCount + " keys";
    if (invalid != null) {
      Counterexample cx = Counterexample.of(invalid.partition(), model, invalid.blockedCall(),
          invalid.longestPrefix());
      return new LinearizabilityResult(Verdict.INVALID, "not linearizable as " + model.name()
          + ": " + cx.summary(), Optional.of(cx), partitionCount, configurations);
    }
    if (verdict == Verdict.UNKNOWN) {
      String why = stopped != null && stopped.outcome() == Search.Outcome.TIMED_OUT
          ? "time limit of " + options.timeLimit().toMillis() / 1000.0 + " s reached"
          : "search cancelled";
      if (stopped != null && stopped.cacheSaturated()) {
        why += " after the configuration cache reached its memory bound";
      }
      return new LinearizabilityResult(Verdict.UNKNOWN, why + " while checking "
          + model.name() + keys, Optional.empty(), partitionCount, configurations);
    }
    return new LinearizabilityResult(Verdict.VALID, "linearizable as " + model.name() + keys,
        Optional.empty(), partitionCount, configurations);
  }
}
