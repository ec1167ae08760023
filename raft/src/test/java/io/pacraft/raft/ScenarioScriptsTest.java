package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.sim.Faults;
import io.pacraft.replication.sim.InvariantViolation;
import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.log.LogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interaction scripts in the style of etcd-io/raft's testdata: each file under {@code
 * src/test/resources/scenarios} is a story of commands, each followed by {@code ----} and the output
 * it must produce. Run with {@code -Dscenario.rewrite=true} to write the actual outputs back into the
 * files (then read the diff).
 */
class ScenarioScriptsTest {
  private static final Path DIR = Path.of("src/test/resources/scenarios");

  static Stream<String> scripts() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void scriptPlaysOutAsWritten(String name) throws IOException {
    Path file = DIR.resolve(name);
    List<String> lines = Files.readAllLines(file);
    StringBuilder expected = new StringBuilder();
    StringBuilder actual = new StringBuilder();
    Interaction world = new Interaction();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        expected.append(line).append('\n');
        actual.append(line).append('\n');
        i++;
        continue;
      }
      expected.append(line).append('\n').append("----\n");
      actual.append(line).append('\n').append("----\n");
      i++;
      if (i >= lines.size() || !lines.get(i).equals("----")) {
        throw new IllegalArgumentException(name + ": command without ---- at line " + i + ": " + line);
      }
      i++;
      while (i < lines.size() && !lines.get(i).isEmpty()) {
        expected.append(lines.get(i)).append('\n');
        i++;
      }
      for (String out : world.execute(line)) {
        actual.append(out).append('\n');
      }
    }
    if (Boolean.getBoolean("scenario.rewrite")) {
      Files.writeString(file, actual.toString());
    }
    assertThat(actual.toString()).as(name).isEqualTo(expected.toString());
  }

  /** The world a script drives. */
  static final class Interaction {
    private EnumSet<Defect> defects = EnumSet.noneOf(Defect.class);
    private Simulation sim;
    private List<NodeId> ids;
    private final Map<String, CompletableFuture<?>> ops = new LinkedHashMap<>();
    private String stopped;
    private boolean holding;

    List<String> execute(String line) {
      if (stopped != null) {
        return List.of("(stopped: " + stopped + ")");
      }
      try {
        String[] words = line.trim().split("\\s+");
        List<String> out = run(words);
        if (sim != null && !List.of("status", "pending", "results", "run", "deliver", "stabilize", "defect").contains(words[0])) {
          sim.runFor(ms(3));
        }
        return out;
      } catch (InvariantViolation e) {
        stopped = "violation";
        return List.of("VIOLATION " + e.getMessage());
      }
    }

    private List<String> run(String[] a) {
      List<String> out = new ArrayList<>();
      switch (a[0]) {
        case "defect" -> {
          defects.add(Defect.valueOf(a[1]));
          out.add("ok");
        }
        case "cluster" -> {
          int n = Integer.parseInt(a[1]);
          Map<String, String> settings = new LinkedHashMap<>();
          settings.put("lease-reads", "no");
          settings.put("snapshot-entries", "100000");
          for (int k = 2; k < a.length; k++) {
            String[] kv = a[k].split("=", 2);
            settings.put(kv[0], kv[1]);
          }
          SimulationConfig c = new SimulationConfig(new RaftSimulation(defects, settings), n, Faults.none(), 0, 0, 0, 0, List.of(), null);
          sim = new Simulation(c, 1);
          ids = sim.nodes();
          sim.boot();
          sim.runFor(ms(5));
          out.add("ok");
        }
        case "hold" -> {
          holding = true;
          sim.hold(true);
          out.add("ok");
        }
        case "release" -> {
          holding = false;
          sim.hold(false);
          sim.runFor(ms(5));
          out.add("ok");
        }
        case "run" -> {
          sim.runFor(duration(a[1]));
          out.add("ok");
        }
        case "campaign", "force-campaign" -> {
          core(a[1]).campaign(a[0].equals("campaign"), a[0].equals("force-campaign"));
          out.add("ok");
        }
        case "propose" -> {
          ops.put("propose " + a[1] + " " + a[2], sim.propose(NodeId.of(a[1]), Long.parseLong(a[2])));
          out.add("ok");
        }
        case "read" -> {
          ops.put("read " + a[1], sim.replica(NodeId.of(a[1])).readBarrier());
          out.add("ok");
        }
        case "results" -> {
          ops.forEach((k, f) -> out.add(k + ": " + describe(f)));
          ops.values().removeIf(CompletableFuture::isDone);
        }
        case "pending" -> {
          out.addAll(sim.heldMessages());
          if (out.isEmpty()) {
            out.add("(none)");
          }
        }
        case "deliver", "drop" -> {
          NodeId from = null;
          NodeId to = null;
          if (a.length > 1) {
            String[] ft = a[1].split("->");
            from = ft[0].isEmpty() ? null : NodeId.of(ft[0]);
            to = ft.length > 1 ? NodeId.of(ft[1]) : null;
          }
          for (String m : sim.heldMessages()) {
            String[] ft = m.substring(0, m.indexOf(' ')).split("->");
            if ((from == null || ft[0].equals(from.id())) && (to == null || ft[1].equals(to.id()))) {
              out.add((a[0].equals("drop") ? "dropped " : "") + m);
            }
          }
          if (a[0].equals("deliver")) {
            sim.deliver(from, to);
            sim.runFor(ms(3));
          } else {
            sim.drop(from, to);
          }
          if (out.isEmpty()) {
            out.add("(none)");
          }
        }
        case "stabilize" -> {
          if (!holding) {
            sim.runFor(ms(50));
          }
          for (int round = 0; round < 50 && !sim.heldMessages().isEmpty(); round++) {
            out.addAll(sim.heldMessages());
            sim.deliver(null, null);
            sim.runFor(ms(3));
          }
          if (out.isEmpty()) {
            out.add("(none)");
          }
        }
        case "crash" -> {
          sim.crash(NodeId.of(a[1]));
          out.add("ok");
        }
        case "restart" -> {
          sim.restart(NodeId.of(a[1]));
          sim.runFor(ms(1));
          out.add("ok");
        }
        case "isolate" -> {
          NodeId v = NodeId.of(a[1]);
          for (NodeId o : ids) {
            if (!o.equals(v)) {
              sim.cut(v, o);
              sim.cut(o, v);
            }
          }
          out.add("ok");
        }
        case "pause" -> {
          sim.pause(NodeId.of(a[1]));
          out.add("ok");
        }
        case "resume" -> {
          sim.resume(NodeId.of(a[1]));
          out.add("ok");
        }
        case "heal" -> {
          sim.healNetwork();
          out.add("ok");
        }
        case "change" -> {
          NodeId target = NodeId.of(a[3]);
          io.pacraft.replication.MembershipChange change = switch (a[2]) {
            case "add-learner" -> new io.pacraft.replication.MembershipChange.AddLearner(
                new io.pacraft.replication.Member(target, "sim:" + target, false));
            case "promote" -> new io.pacraft.replication.MembershipChange.Promote(target);
            case "remove" -> new io.pacraft.replication.MembershipChange.Remove(target);
            default -> throw new IllegalArgumentException("unknown change " + a[2]);
          };
          ops.put("change " + a[2] + " " + a[3], sim.replica(NodeId.of(a[1])).changeMembership(change));
          out.add("ok");
        }
        case "transfer" -> {
          ops.put("transfer " + a[1] + " to " + a[2], sim.replica(NodeId.of(a[1])).transferLeadership(NodeId.of(a[2])));
          out.add("ok");
        }
        case "status" -> {
          for (NodeId id : ids) {
            out.add(status(id));
          }
        }
        default -> throw new IllegalArgumentException("unknown command " + a[0]);
      }
      return out;
    }

    private RaftCore core(String id) {
      return ((RaftReplica) sim.replica(NodeId.of(id))).core();
    }

    private String status(NodeId id) {
      if (!sim.isUp(id)) {
        return id + ": down";
      }
      RaftCore c = core(id.id());
      LogStore log = c.log();
      StringBuilder entries = new StringBuilder();
      if (log.snapshotIndex() > 0) {
        entries.append("snapshot ").append(log.snapshotIndex()).append('@').append(log.snapshotTerm()).append(' ');
      }
      for (long i = log.firstIndex(); i <= log.lastIndex(); i++) {
        entries.append(i).append('@').append(log.term(i)).append(i < log.lastIndex() ? " " : "");
      }
      return id + ": " + c.role().name().toLowerCase() + " voters=" + c.membership().voters().size()
          + " learners=" + c.membership().learners().size() + " term=" + c.term() + " leader=" + (c.leader() == null ? "-" : c.leader())
          + " commit=" + c.commitIndex() + " " + sim.machineState(id) + " log=[" + entries.toString().trim() + "]";
    }

    private static String describe(CompletableFuture<?> f) {
      if (!f.isDone()) {
        return "pending";
      }
      try {
        return "ok " + f.join();
      } catch (java.util.concurrent.CompletionException e) {
        Throwable c = e.getCause();
        return "error " + c.getClass().getSimpleName() + ": " + c.getMessage();
      } catch (java.util.concurrent.CancellationException e) {
        return "cancelled";
      }
    }

    private static long ms(long v) {
      return v * 1_000_000L;
    }

    private static long duration(String s) {
      if (s.endsWith("ms")) {
        return ms(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return ms(1000 * Long.parseLong(s.substring(0, s.length() - 1)));
      }
      throw new IllegalArgumentException("duration like 50ms or 2s: " + s);
    }
  }
}
