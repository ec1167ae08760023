package io.pacraft.replication.sim;

import io.pacraft.replication.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Injects the run's faults at random times: partitions (isolating a node, splitting the group,
 * cutting links one way), crashes of one node, of a majority or of every node at once (a power
 * failure; each restarts later from its disk), pauses, clock jumps within the protocol's drift
 * bound, and leadership transfers (half of them to a target that stalls at once, so that the leader
 * abandons the transfer while the target may still campaign later).
 */
final class Nemesis {
  private static final long MS = 1_000_000L;

  private final Simulation sim;
  private final EventLoop loop;
  private final Faults faults;

  Nemesis(Simulation sim) {
    this.sim = sim;
    this.loop = sim.loop;
    this.faults = sim.config.faults();
  }

  void start(long until) {
    schedule(until);
  }

  /**
   * Watches for new leaders: with crashes on, a fifth of them is killed within 3 ms of taking
   * office, before its first entries are replicated (Jepsen's "kill primaries"), which sets up the
   * divergent logs of the Raft paper's Figure 8.
   */
  void afterStep() {
    if (!faults.crashes()) {
      return;
    }
    for (SimNode n : sim.nodeList()) {
      boolean leads = n.up && n.replica != null && n.replica.role() == io.pacraft.replication.Role.LEADER;
      if (leads && !n.ledBefore) {
        if (loop.random().nextDouble() < 0.2) {
          int inc = n.incarnation;
          loop.after(between(0, 3 * MS), null, () -> {
            if (n.up && n.incarnation == inc) {
              loop.note("nemesis kills the new leader " + n.id());
              sim.crash(n);
              loop.after(between(10 * MS, 1000 * MS), null, () -> {
                if (!n.up) {
                  sim.start(n);
                }
              });
            }
          });
        }
      }
      n.ledBefore = leads;
    }
  }

  private void schedule(long until) {
    long mean = faults.meanFaultIntervalNanos();
    long delay = (long) (-Math.log(1 - loop.random().nextDouble()) * mean);
    if (loop.now() + delay >= until) {
      return;
    }
    loop.after(delay, null, () -> {
      strike();
      schedule(until);
    });
  }

  private void strike() {
    Random r = loop.random();
    List<Runnable> options = new ArrayList<>();
    if (faults.partitions()) {
      options.add(this::partition);
    }
    if (faults.crashes()) {
      options.add(this::crash);
    }
    if (faults.pauses()) {
      options.add(this::pause);
    }
    if (faults.clockJumps()) {
      options.add(this::jumpClock);
    }
    if (faults.transfers() && sim.config.protocol().transfersLeadership()) {
      options.add(this::transfer);
    }
    if (!options.isEmpty()) {
      options.get(r.nextInt(options.size())).run();
    }
  }

  private long between(long lo, long hi) {
    return lo + Math.floorMod(loop.random().nextLong(), hi - lo);
  }

  private void partition() {
    Random r = loop.random();
    List<SimNode> nodes = sim.nodeList();
    int kind = r.nextInt(3);
    if (kind == 0) {
      SimNode victim = nodes.get(r.nextInt(nodes.size()));
      loop.note("nemesis isolates " + victim.id());
      for (SimNode n : nodes) {
        if (n != victim) {
          sim.network.cut(victim.id(), n.id());
          sim.network.cut(n.id(), victim.id());
        }
      }
    } else if (kind == 1) {
      List<NodeId> side = new ArrayList<>();
      for (SimNode n : nodes) {
        if (r.nextBoolean()) {
          side.add(n.id());
        }
      }
      loop.note("nemesis splits " + side + " from the rest");
      for (SimNode a : nodes) {
        for (SimNode b : nodes) {
          if (side.contains(a.id()) != side.contains(b.id())) {
            sim.network.cut(a.id(), b.id());
          }
        }
      }
    } else {
      StringBuilder cuts = new StringBuilder();
      for (SimNode a : nodes) {
        for (SimNode b : nodes) {
          if (a != b && r.nextDouble() < 0.3) {
            sim.network.cut(a.id(), b.id());
            cuts.append(' ').append(a.id()).append("->").append(b.id());
          }
        }
      }
      loop.note("nemesis cuts one-way links" + cuts);
    }
    loop.after(between(200 * MS, 3000 * MS), null, () -> {
      loop.note("nemesis heals the network");
      sim.network.healAll();
    });
  }

  private void crash() {
    Random r = loop.random();
    List<SimNode> nodes = sim.nodeList();
    List<SimNode> victims = new ArrayList<>();
    double kind = r.nextDouble();
    if (kind < 0.15) {
      loop.note("nemesis cuts the power of every node");
      victims.addAll(nodes);
    } else if (kind < 0.4) {
      List<SimNode> pool = new ArrayList<>(nodes);
      for (int i = 0; i < nodes.size() / 2 + 1; i++) {
        victims.add(pool.remove(r.nextInt(pool.size())));
      }
    } else {
      victims.add(nodes.get(r.nextInt(nodes.size())));
    }
    for (SimNode v : victims) {
      if (!v.up) {
        continue;
      }
      sim.crash(v);
      loop.after(between(10 * MS, 2000 * MS), null, () -> {
        if (!v.up) {
          sim.start(v);
        }
      });
    }
  }

  private void pause() {
    SimNode v = sim.nodeList().get(loop.random().nextInt(sim.nodes().size()));
    if (!v.up || v.paused) {
      return;
    }
    loop.note("nemesis pauses " + v.id());
    v.paused = true;
    int inc = v.incarnation;
    loop.after(between(50 * MS, 1500 * MS), null, () -> {
      if (v.up && v.incarnation == inc && v.paused) {
        loop.note("nemesis resumes " + v.id());
        v.resume();
      }
    });
  }

  /**
   * Asks a leader to hand over to another node. Half the time the target then stalls (a pause
   * longer than an election timeout, so the leader gives up): when it resumes it acts on the
   * TimeoutNow it may have been sent and campaigns at once, and half of those times the old leader
   * is cut off just then, so that only a lease could let it go on answering reads.
   */
  private void transfer() {
    Random r = loop.random();
    List<SimNode> leaders = new ArrayList<>();
    for (SimNode n : sim.nodeList()) {
      if (n.up && !n.paused && n.replica != null && n.replica.role() == io.pacraft.replication.Role.LEADER) {
        leaders.add(n);
      }
    }
    if (leaders.isEmpty()) {
      return;
    }
    SimNode from = leaders.get(r.nextInt(leaders.size()));
    List<SimNode> others = sim.nodeList();
    others.remove(from);
    if (others.isEmpty()) {
      return;
    }
    SimNode to = others.get(r.nextInt(others.size()));
    loop.note("nemesis asks " + from.id() + " to transfer leadership to " + to.id());
    from.replica.transferLeadership(to.id()).whenComplete((ok, err) -> {
      if (loop.tracing()) {
        loop.note("transfer " + from.id() + " -> " + to.id() + (err == null ? " done" : " failed: " + err.getMessage()));
      }
    });
    if (r.nextBoolean()) {
      boolean isolate = r.nextBoolean();
      int inc = to.incarnation;
      loop.after(between(0, 4 * MS), null, () -> {
        if (!to.up || to.incarnation != inc || to.paused) {
          return;
        }
        loop.note("nemesis pauses " + to.id() + ", the transfer target");
        to.paused = true;
        loop.after(between(600 * MS, 1500 * MS), null, () -> {
          if (to.up && to.incarnation == inc && to.paused) {
            if (isolate) {
              loop.note("nemesis isolates " + from.id() + ", the leader that asked for the transfer");
              for (SimNode n : sim.nodeList()) {
                if (n != from) {
                  sim.network.cut(from.id(), n.id());
                  sim.network.cut(n.id(), from.id());
                }
              }
              loop.after(between(200 * MS, 3000 * MS), null, () -> {
                loop.note("nemesis heals the network");
                sim.network.healAll();
              });
            }
            loop.note("nemesis resumes " + to.id());
            to.resume();
          }
        });
      });
    }
  }

  private void jumpClock() {
    SimNode v = sim.nodeList().get(loop.random().nextInt(sim.nodes().size()));
    long bound = sim.config.protocol().clockDriftBoundNanos() / 4;
    long offset = bound == 0 ? 0 : between(-bound, bound);
    loop.note("nemesis sets the clock of " + v.id() + " off by " + offset / 1000 + " us");
    v.clockOffset = offset;
  }
}
