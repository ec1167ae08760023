package io.pacraft.replication.sim;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;

/**
 * Client processes that write unique values to the register and read it, each one operation at a
 * time, mostly through the node they believe leads. Every operation is recorded as invoke then ok,
 * fail or info; a process whose operation ended in info (timeout, leadership lost) is retired and a
 * fresh process takes its place, as in Jepsen.
 */
final class ClientWorkload {
  private static final long MS = 1_000_000L;
  private static final long TIMEOUT = 1000 * MS;

  private final Simulation sim;
  private final EventLoop loop;
  private final NodeId[] believed;
  private int nextProcess;
  private long nextValue = 1;
  private int completed;

  ClientWorkload(Simulation sim) {
    this.sim = sim;
    this.loop = sim.loop;
    this.believed = new NodeId[sim.config.clients()];
    this.nextProcess = sim.config.clients();
  }

  int completed() {
    return completed;
  }

  void start(long until) {
    for (int slot = 0; slot < believed.length; slot++) {
      int s = slot;
      loop.after(Math.floorMod(loop.random().nextLong(), 50 * MS), null, () -> invoke(s, s, until));
    }
  }

  private void next(int slot, int process, long until) {
    loop.after(Math.floorMod(loop.random().nextLong(), 10 * MS), null, () -> invoke(slot, process, until));
  }

  private void invoke(int slot, int process, long until) {
    if (loop.now() >= until) {
      return;
    }
    Random r = loop.random();
    List<NodeId> ids = sim.nodes();
    NodeId target = believed[slot] != null && r.nextDouble() < 0.8 ? believed[slot] : ids.get(r.nextInt(ids.size()));
    boolean read = r.nextDouble() < sim.config.readRate();
    Long value = read ? null : nextValue++;
    Operation.F f = read ? Operation.F.READ : Operation.F.WRITE;
    sim.record(new Operation(process, Operation.Type.INVOKE, f, value, loop.now(), -1));
    boolean[] done = {false};
    loop.after(TIMEOUT, null, () -> {
      if (!done[0]) {
        done[0] = true;
        sim.record(new Operation(process, Operation.Type.INFO, f, value, loop.now(), -1));
        next(slot, nextProcess++, until);
      }
    });
    SimNode node = sim.nodes.get(target);
    ReplicaGroup g = node.up ? node.replica : null;
    if (g == null) {
      done[0] = true;
      sim.record(new Operation(process, Operation.Type.FAIL, f, value, loop.now(), -1));
      believed[slot] = null;
      next(slot, process, until);
      return;
    }
    if (read) {
      g.readBarrier().whenComplete((index, err) -> {
        if (done[0]) {
          return;
        }
        if (err != null) {
          failed(slot, process, f, null, err, until, done);
          return;
        }
        node.machine.whenApplied(index, () -> {
          if (!done[0]) {
            done[0] = true;
            completed++;
            sim.record(new Operation(process, Operation.Type.OK, f, node.machine.value(), loop.now(), node.machine.lastApplied()));
            next(slot, process, until);
          }
        });
      });
    } else {
      g.propose(ByteBuffer.allocate(8).putLong(0, value)).whenComplete((res, err) -> {
        if (done[0]) {
          return;
        }
        if (err != null) {
          failed(slot, process, f, value, err, until, done);
          return;
        }
        done[0] = true;
        completed++;
        sim.record(new Operation(process, Operation.Type.OK, f, value, loop.now(), res instanceof Long l ? l : -1));
        believed[slot] = target;
        next(slot, process, until);
      });
    }
  }

  private void failed(int slot, int process, Operation.F f, Long value, Throwable err, long until, boolean[] done) {
    done[0] = true;
    Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof NotLeaderException nl) {
      believed[slot] = nl.leader().orElse(null);
      sim.record(new Operation(process, Operation.Type.FAIL, f, value, loop.now(), -1));
      next(slot, process, until);
    } else {
      sim.record(new Operation(process, Operation.Type.INFO, f, value, loop.now(), -1));
      next(slot, nextProcess++, until);
    }
  }

  /**
   * After the faults healed: writes through whichever node leads until one write commits, then waits
   * until every node applied it; calls {@code onDone} then. Every attempt is a client operation of
   * its own, with a fresh value and process, recorded in the history like any other (a read may see
   * it): ok once committed, fail when refused, and left open (indeterminate) otherwise.
   */
  void finalWrite(long deadline, Runnable onDone) {
    boolean[] committed = {false};
    long[] index = {0};
    Runnable[] attempt = new Runnable[1];
    attempt[0] = () -> {
      if (loop.now() > deadline) {
        return;
      }
      if (committed[0]) {
        for (SimNode n : sim.nodeList()) {
          if (n.machine.lastApplied() < index[0]) {
            loop.after(20 * MS, null, attempt[0]);
            return;
          }
        }
        loop.note("final write at index " + index[0] + " applied everywhere");
        onDone.run();
        return;
      }
      for (SimNode n : sim.nodeList()) {
        if (n.up && n.replica != null && n.replica.role() == Role.LEADER) {
          long value = nextValue++;
          int process = nextProcess++;
          sim.record(new Operation(process, Operation.Type.INVOKE, Operation.F.WRITE, value, loop.now(), -1));
          n.replica.propose(ByteBuffer.allocate(8).putLong(0, value)).whenComplete((res, err) -> {
            if (err == null) {
              sim.record(new Operation(process, Operation.Type.OK, Operation.F.WRITE, value, loop.now(), (Long) res));
              if (!committed[0]) {
                committed[0] = true;
                index[0] = (Long) res;
              }
            } else {
              Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
              if (cause instanceof NotLeaderException) {
                sim.record(new Operation(process, Operation.Type.FAIL, Operation.F.WRITE, value, loop.now(), -1));
              }
            }
          });
          break;
        }
      }
      loop.after(100 * MS, null, attempt[0]);
    };
    loop.after(0, null, attempt[0]);
  }
}
