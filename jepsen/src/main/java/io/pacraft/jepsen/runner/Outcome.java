package io.pacraft.jepsen.runner;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.util.Locale;

/**
 * How a failed request is recorded: {@code :fail} when the server or the client proves it had no
 * effect, {@code :info} when it may have happened (timeouts, connections lost after sending,
 * errors whose effect is unknown).
 *
 * @param definite true for {@code :fail}, false for {@code :info}
 * @param error what the history records as {@code :error}
 * @param movedTo for a {@code MOVED} redirect, the {@code host:port} to follow, else null
 */
public record Outcome(boolean definite, String error, String movedTo) {

  /**
   * Error replies that prove the command did nothing: a redirect or refusal decided before the
   * command ran ({@code MOVED}, {@code ASK}, {@code READONLY}, {@code CLUSTERDOWN}, {@code
   * TRYAGAIN}, {@code LOADING}, {@code MASTERDOWN}, {@code NOREPLICAS}, {@code CROSSSLOT}), or a
   * command the server rejected as such ({@code WRONGTYPE}, {@code EXECABORT}, {@code NOSCRIPT}).
   * Anything else, and {@code ERR write outcome unknown} above all, is indeterminate.
   */
  private static final String[] DEFINITE_PREFIXES = {
    "MOVED", "ASK", "READONLY", "CLUSTERDOWN", "TRYAGAIN", "LOADING", "MASTERDOWN", "NOREPLICAS",
    "CROSSSLOT", "WRONGTYPE", "EXECABORT", "NOSCRIPT"
  };

  /** Classifies an exception a Lettuce call threw after the request may have been sent. */
  public static Outcome of(Throwable t) {
    Throwable c = t;
    while ((c instanceof java.util.concurrent.ExecutionException
            || c instanceof java.util.concurrent.CompletionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof RedisCommandExecutionException e) {
      return ofReply(e.getMessage() == null ? "" : e.getMessage());
    }
    if (c instanceof RedisCommandTimeoutException) {
      return new Outcome(false, "timeout", null);
    }
    if (c instanceof RedisConnectionException e) {
      // thrown when connecting: nothing was sent
      return new Outcome(true, "connect refused", null);
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    if (m.contains("Commands are rejected") || m.contains("not connected")) {
      // Lettuce refused to send on a connection it knew was down
      return new Outcome(true, "not connected", null);
    }
    return new Outcome(false, "lost: " + shortMessage(c), null);
  }

  /** Classifies an error reply's text (e.g. {@code MOVED 3999 127.0.0.1:7002}). */
  public static Outcome ofReply(String reply) {
    String upper = reply.toUpperCase(Locale.ROOT);
    for (String p : DEFINITE_PREFIXES) {
      if (upper.startsWith(p + " ") || upper.equals(p)) {
        String moved = null;
        if (p.equals("MOVED")) {
          String[] parts = reply.split(" ");
          moved = parts.length >= 3 ? parts[2] : null;
        }
        return new Outcome(true, firstWord(reply), moved);
      }
    }
    return new Outcome(false, reply, null);
  }

  private static String firstWord(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? s : s.substring(0, sp);
  }

  private static String shortMessage(Throwable t) {
    String m = t.getMessage();
    if (m == null) {
      return t.getClass().getSimpleName();
    }
    return m.length() > 120 ? m.substring(0, 120) : m;
  }
}
