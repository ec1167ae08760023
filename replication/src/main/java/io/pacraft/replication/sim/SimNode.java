package io.pacraft.replication.sim;

import io.pacraft.replication.Clock;
import io.pacraft.replication.Environment;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.Transport;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.log.LogStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * One simulated node: a disk and a state machine that survive crashes, and, while it is up, one
 * incarnation of the replica with its scheduler, applier, clock and transport. A crash ends the
 * incarnation: its pending events are dropped and the disk loses what was not synced.
 */
public final class SimNode {
  private final NodeId id;
  final SimDisk disk = new SimDisk();
  final RegisterMachine machine;
  long clockOffset;
  int incarnation;
  boolean up;
  boolean paused;
  /** Was leader at the previous step (the nemesis watches for new leaders). */
  boolean ledBefore;
  private final List<Runnable> held = new ArrayList<>();
  ReplicaGroup replica;
  LogStore logStore;
  SimNetwork.Endpoint endpoint;

  SimNode(NodeId id, RegisterMachine machine) {
    this.id = id;
    this.machine = machine;
  }

  public NodeId id() {
    return id;
  }

  /** Runs {@code task} for incarnation {@code inc}: dropped if that incarnation ended, held while paused. */
  void run(int inc, Runnable task) {
    if (inc != incarnation || !up) {
      return;
    }
    if (paused) {
      held.add(task);
      return;
    }
    task.run();
  }

  void resume() {
    paused = false;
    List<Runnable> tasks = new ArrayList<>(held);
    held.clear();
    for (Runnable t : tasks) {
      run(incarnation, t);
    }
  }

  void crash(Random random) {
    up = false;
    paused = false;
    held.clear();
    incarnation++;
    replica = null;
    logStore = null;
    endpoint = null;
    disk.crash(random);
    machine.crashed();
  }

  /** The environment of a new incarnation. */
  record Env(
      io.pacraft.replication.Transport transport,
      LogStore logStore,
      Disk disk,
      Clock clock,
      Scheduler scheduler,
      Executor applier,
      Random random)
      implements Environment {}

  Environment environment(Transport transport, LogStore log, Clock clock, Scheduler scheduler, Executor applier, Random random) {
    return new Env(transport, log, disk, clock, scheduler, applier, random);
  }
}
