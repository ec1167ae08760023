package io.pacraft.server.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * SLOWLOG: commands that took longer than slowlog-log-slower-than microseconds (from dispatch to
 * reply, so a write's time includes its replication and fsync), newest first, at most
 * slowlog-max-len entries. Arguments are trimmed as Redis trims them.
 */
public final class SlowLog {
  private static final int MAX_ARGS = 32;
  private static final int MAX_ARG_LEN = 128;

  /** One entry, as SLOWLOG GET shows it. */
  public record Entry(long id, long timestampSeconds, long micros, List<byte[]> args, String clientAddr, String clientName) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private long nextId;

  public synchronized void add(byte[][] argv, long micros, String addr, String name, int maxLen) {
    if (maxLen <= 0) {
      entries.clear();
      return;
    }
    List<byte[]> args = new ArrayList<>();
    int n = Math.min(argv.length, MAX_ARGS);
    for (int i = 0; i < n; i++) {
      if (n < argv.length && i == n - 1) {
        args.add(("... (" + (argv.length - MAX_ARGS + 1) + " more arguments)").getBytes(StandardCharsets.UTF_8));
        break;
      }
      byte[] a = argv[i];
      if (a.length > MAX_ARG_LEN) {
        byte[] head = java.util.Arrays.copyOf(a, MAX_ARG_LEN);
        byte[] tail = ("... (" + (a.length - MAX_ARG_LEN) + " more bytes)").getBytes(StandardCharsets.UTF_8);
        byte[] both = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, both, head.length, tail.length);
        args.add(both);
      } else {
        args.add(a);
      }
    }
    entries.addFirst(new Entry(nextId++, System.currentTimeMillis() / 1000, micros, args, addr, name));
    while (entries.size() > maxLen) {
      entries.removeLast();
    }
  }

  /** Newest first, at most {@code count} (negative: all). */
  public synchronized List<Entry> get(long count) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (count >= 0 && out.size() >= count) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized void reset() {
    entries.clear();
  }
}
