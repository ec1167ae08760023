package io.pacraft.jepsen.runner;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.verdict.Result;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the clients do and how the history is judged. A workload proposes operations, runs each one
 * on a client session, and checks the whole history at the end. It is shared by all processes (and
 * must be thread-safe); per-process state lives in {@link ProcessState}.
 */
public interface Workload {
  /** An operation to invoke: {@code :f}, {@code :value} and the {@code :key} it touches. */
  record Invocation(String f, Object value, Object key) {}

  /** What a process remembers between its operations (a lock holder's token, say). */
  final class ProcessState {
    public Object held;
  }

  /** Thrown by {@link #execute} when the server answered that the operation did not take effect. */
  final class Refused extends Exception {
    private final Object error;

    /** {@code error} null: a refusal that is part of the operation's meaning (a cas that saw another value). */
    public Refused(Object error) {
      super(error == null ? "refused" : error.toString(), null, false, false);
      this.error = error;
    }

    public Object error() {
      return error;
    }
  }

  String name();

  /** The next operation of a process. */
  Invocation next(Random random, ProcessState state);

  /**
   * Runs the operation; returns the completion's {@code :value}. Throws {@link Refused} for a
   * definite failure the reply itself states, or whatever Lettuce threw (classified by {@link
   * Outcome}).
   */
  Object execute(ClientSession session, Invocation op, ProcessState state) throws Exception;

  /** Operations run once after the faults heal, one process each (reads of everything written). */
  List<Invocation> finalOperations();

  /** Judges the history. */
  Result check(History history, Duration timeLimit);

  /** The workload named {@code name}. */
  static Workload named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "register" -> new RegisterWorkload();
      case "id" -> new IdWorkload();
      case "lock" -> new LockWorkload();
      case "list-append" -> new ListAppendWorkload();
      default -> throw new IllegalArgumentException("unknown workload " + name + " (register, id, lock, list-append)");
    };
  }
}
