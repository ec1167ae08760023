package io.pacraft.replication.sim;

import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Virtual time and the one seeded PRNG of a simulated world: events run one at a time in time order
 * (ties in scheduling order), so a run is a function of its seed.
 */
public final class EventLoop {
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final Random random;
  private final Consumer<String> trace;
  private long now;
  private long seq;
  private long executed;

  private record Event(long time, long seq, String label, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /**
   * @param seed the seed of everything random in the world
   * @param trace receives one line per event when not null
   */
  public EventLoop(long seed, Consumer<String> trace) {
    this.random = new Random(seed);
    this.trace = trace;
  }

  /** Virtual nanoseconds since the start of the run. */
  public long now() {
    return now;
  }

  public Random random() {
    return random;
  }

  /** True when events are traced: callers build labels only then. */
  public boolean tracing() {
    return trace != null;
  }

  /** Writes a line to the trace, stamped with the current time. */
  public void note(String line) {
    if (trace != null) {
      trace.accept(stamp(now) + " " + line);
    }
  }

  /** Runs {@code action} {@code delayNanos} from now; {@code label} names it in the trace (may be null). */
  public void after(long delayNanos, String label, Runnable action) {
    queue.add(new Event(now + Math.max(0, delayNanos), seq++, label, action));
  }

  /** Runs the next event; false when none is left. */
  public boolean step() {
    Event e = queue.poll();
    if (e == null) {
      return false;
    }
    now = e.time;
    executed++;
    if (trace != null && e.label != null) {
      trace.accept(stamp(now) + " " + e.label);
    }
    e.action.run();
    return true;
  }

  /** Lets virtual time pass up to {@code time} when no event is due before it (never backwards). */
  public void advanceTo(long time) {
    if (time > now && nextTime() > time) {
      now = time;
    }
  }

  /** Time of the next event, or Long.MAX_VALUE. */
  public long nextTime() {
    Event e = queue.peek();
    return e == null ? Long.MAX_VALUE : e.time;
  }

  public long executed() {
    return executed;
  }

  static String stamp(long nanos) {
    long micros = nanos / 1000;
    String frac = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
    return (micros / 1_000_000) + "." + frac;
  }
}
