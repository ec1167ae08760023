package io.pacraft.server.client;

import io.pacraft.server.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;

/** The commands a client queued after MULTI, and whether one was refused (EXEC then aborts). */
public final class Transaction {
  /** A queued command. */
  public record Queued(CommandSpec spec, byte[][] argv) {}

  private final List<Queued> queued = new ArrayList<>();
  private boolean failed;
  private int slot = -1;

  public void queue(CommandSpec spec, byte[][] argv) {
    queued.add(new Queued(spec, argv));
  }

  public List<Queued> queued() {
    return queued;
  }

  /**
   * In a cluster, every key of a transaction must hash to one slot (one shard applies it as one
   * entry): false when {@code keySlot} differs from the slots of the keys queued before.
   */
  public boolean sameSlot(int keySlot) {
    if (slot < 0) {
      slot = keySlot;
    }
    return slot == keySlot;
  }

  /** A command was refused while queuing (unknown, wrong arity...): EXEC answers EXECABORT. */
  public void fail() {
    failed = true;
  }

  public boolean failed() {
    return failed;
  }

  public int size() {
    return queued.size();
  }
}
