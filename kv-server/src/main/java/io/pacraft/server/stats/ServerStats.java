package io.pacraft.server.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters INFO stats reports, with Redis' meanings; CONFIG RESETSTAT zeroes them. */
public final class ServerStats {
  public final LongAdder commandsProcessed = new LongAdder();
  public final LongAdder netInputBytes = new LongAdder();
  public final LongAdder netOutputBytes = new LongAdder();
  public final LongAdder expiredKeys = new LongAdder();
  public final LongAdder keyspaceHits = new LongAdder();
  public final LongAdder keyspaceMisses = new LongAdder();
  public final LongAdder errorReplies = new LongAdder();
  public final LongAdder rejectedCalls = new LongAdder();
  private final Map<String, CommandStats> perCommand = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> errorsByPrefix = new ConcurrentHashMap<>();
  private volatile long lastSampleNanos = System.nanoTime();
  private volatile long lastSampleCommands;
  private volatile long instantaneousOps;

  public CommandStats command(String fullName) {
    return perCommand.computeIfAbsent(fullName, k -> new CommandStats());
  }

  public Map<String, CommandStats> perCommand() {
    return perCommand;
  }

  public void error(String prefix) {
    errorReplies.increment();
    errorsByPrefix.computeIfAbsent(prefix, k -> new LongAdder()).increment();
  }

  public Map<String, LongAdder> errorsByPrefix() {
    return errorsByPrefix;
  }

  /** Called by the housekeeping cycle: updates instantaneous_ops_per_sec. */
  public void sample() {
    long now = System.nanoTime();
    long cmds = commandsProcessed.sum();
    long dt = now - lastSampleNanos;
    if (dt > 0) {
      instantaneousOps = (cmds - lastSampleCommands) * 1_000_000_000L / dt;
    }
    lastSampleNanos = now;
    lastSampleCommands = cmds;
  }

  public long instantaneousOps() {
    return instantaneousOps;
  }

  public void reset() {
    commandsProcessed.reset();
    netInputBytes.reset();
    netOutputBytes.reset();
    expiredKeys.reset();
    keyspaceHits.reset();
    keyspaceMisses.reset();
    errorReplies.reset();
    rejectedCalls.reset();
    perCommand.values().forEach(CommandStats::reset);
    errorsByPrefix.clear();
    lastSampleCommands = 0;
  }
}
