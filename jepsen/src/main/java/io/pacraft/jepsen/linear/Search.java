package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.model.Call;
import io.pacraft.jepsen.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Wing–Gong–Lowe search for one partition. Calls and returns sit in one doubly linked list in
 * history order; the search walks it, linearizing a call when the model allows it (removing the
 * call and its return from the list) and backtracking when it meets the return of a call it has
 * not linearized. Configurations already explored are pruned through a {@link ConfigurationCache}.
 * Single-threaded; stops early on the deadline or the shared cancel flag.
 */
final class Search {
  /** How a search ended. */
  enum Outcome {
    VALID,
    INVALID,
    TIMED_OUT,
    CANCELLED,
  }

  private final Partition partition;
  private final Model model;
  private final long deadlineNanos;
  private final AtomicBoolean cancel;
  private final ConfigurationCache cache;

  // the list: entries 0..2n-1 in history order, HEAD = 2n is the sentinel; -1 ends the list
  private final int[] next;
  private final int[] prev;
  private final int[] callOf;
  private final int[] returnOf; // for a call entry: its return entry; -1 for return entries
  private final int head;

  private Outcome outcome;
  private int blockedCall = -1;
  private int blockedAt = -1;
  private int[] longestPrefix = new int[0];
  private long steps;

  Search(Partition partition, Model model, long deadlineNanos, AtomicBoolean cancel,
      int maxCachedConfigurations) {
    this.partition = partition;
    this.model = model;
    this.deadlineNanos = deadlineNanos;
    this.cancel = cancel;
    this.cache = new ConfigurationCache(maxCachedConfigurations);
    List<Call> calls = partition.calls();
    int n = calls.size();
    head = 2 * n;
    next = new int[2 * n + 1];
    prev = new int[2 * n + 1];
    callOf = new int[2 * n];
    returnOf = new int[2 * n];
    // calls are in invocation order; merge invocations and completions by history position
    long[] completionOrder = new long[n]; // completion position, then call id
    for (int i = 0; i < n; i++) {
      completionOrder[i] = ((long) calls.get(i).completedAt() << 32) | i;
    }
    Arrays.sort(completionOrder);
    int[] byCompletion = new int[n];
    for (int i = 0; i < n; i++) {
      byCompletion[i] = (int) completionOrder[i];
    }
    int[] callEntry = new int[n];
    int ci = 0;
    int ri = 0;
    for (int e = 0; e < 2 * n; e++) {
      boolean takeCall = ci < n && (ri >= n
          || calls.get(ci).invokedAt() < calls.get(byCompletion[ri]).completedAt());
      if (takeCall) {
        callOf[e] = ci;
        callEntry[ci] = e;
        returnOf[e] = -1; // patched below once the return entry is known
        ci++;
      } else {
        int c = byCompletion[ri++];
        callOf[e] = c;
        returnOf[e] = -2;
        returnOf[callEntry[c]] = e;
      }
      next[e] = e + 1 < 2 * n ? e + 1 : -1;
      prev[e] = e == 0 ? head : e - 1;
    }
    for (int e = 0; e < 2 * n; e++) {
      if (returnOf[e] == -2) {
        returnOf[e] = -1;
      }
    }
    next[head] = n == 0 ? -1 : 0;
  }

  Outcome run() {
    List<Call> calls = partition.calls();
    int n = calls.size();
    boolean[] open = new boolean[n];
    int remaining = 0;
    for (Call c : calls) {
      open[c.id()] = c.isOpen();
      if (!c.isOpen()) {
        remaining++;
      }
    }
    if (remaining == 0) {
      return outcome = Outcome.VALID;
    }
    long[] zobrist = new long[n];
    SplittableRandom random = new SplittableRandom(0x5EED);
    for (int i = 0; i < n; i++) {
      zobrist[i] = random.nextLong();
    }
    long[] linearized = new long[(n + 63) >>> 6];
    long setHash = 0;
    int[] stackEntry = new int[n];
    Object[] stackState = new Object[n];
    int depth = 0;
    Object state = model.initialState();
    int e = next[head];
    while (true) {
      if ((++steps & 0x3FF) == 0 && stopRequested()) {
        return outcome;
      }
      if (e >= 0 && returnOf[e] >= 0) {
        int c = callOf[e];
        Object after = model.step(state, calls.get(c));
        if (after != Model.INCONSISTENT) {
          linearized[c >>> 6] |= 1L << c;
          setHash ^= zobrist[c];
          if (cache.add(linearized, setHash, after)) {
            stackEntry[depth] = e;
            stackState[depth] = state;
            depth++;
            state = after;
            lift(e);
            if (!open[c] && --remaining == 0) {
              return outcome = Outcome.VALID;
            }
            e = next[head];
            continue;
          }
          linearized[c >>> 6] &= ~(1L << c);
          setHash ^= zobrist[c];
        }
        e = next[e];
        continue;
      }
      // the return of a call not yet linearized (or, defensively, the end of the list)
      if (e >= 0) {
        int c = callOf[e];
        int at = calls.get(c).completedAt();
        if (at > blockedAt) {
          blockedAt = at;
          blockedCall = c;
        }
      }
      if (depth > longestPrefix.length) {
        longestPrefix = new int[depth];
        for (int i = 0; i < depth; i++) {
          longestPrefix[i] = callOf[stackEntry[i]];
        }
      }
      if (depth == 0) {
        return outcome = Outcome.INVALID;
      }
      depth--;
      int top = stackEntry[depth];
      state = stackState[depth];
      stackState[depth] = null;
      int c = callOf[top];
      linearized[c >>> 6] &= ~(1L << c);
      setHash ^= zobrist[c];
      unlift(top);
      if (!open[c]) {
        remaining++;
      }
      e = next[top];
    }
  }

  private boolean stopRequested() {
    if (cancel.get()) {
      outcome = Outcome.CANCELLED;
      return true;
    }
    if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
      outcome = Outcome.TIMED_OUT;
      return true;
    }
    return false;
  }

  private void lift(int callEntry) {
    remove(callEntry);
    remove(returnOf[callEntry]);
  }

  private void unlift(int callEntry) {
    restore(returnOf[callEntry]);
    restore(callEntry);
  }

  private void remove(int e) {
    next[prev[e]] = next[e];
    if (next[e] >= 0) {
      prev[next[e]] = prev[e];
    }
  }

  private void restore(int e) {
    next[prev[e]] = e;
    if (next[e] >= 0) {
      prev[next[e]] = e;
    }
  }

  Partition partition() {
    return partition;
  }

  Outcome outcome() {
    return outcome;
  }

  /** The call whose completion the search could never get past (only when invalid). */
  Call blockedCall() {
    return blockedCall < 0 ? null : partition.calls().get(blockedCall);
  }

  /** The longest sequence of calls the search linearized, in linearization order. */
  List<Call> longestPrefix() {
    List<Call> out = new ArrayList<>(longestPrefix.length);
    for (int c : longestPrefix) {
      out.add(partition.calls().get(c));
    }
    return out;
  }

  long steps() {
    return steps;
  }

  int cachedConfigurations() {
    return cache.size();
  }

  boolean cacheSaturated() {
    return cache.saturated();
  }
}
