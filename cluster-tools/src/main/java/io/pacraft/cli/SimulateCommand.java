package io.pacraft.cli;

import ch.qos.logback.classic.Level;
import io.pacraft.replication.sim.HistoryListener;
import io.pacraft.replication.sim.Operation;
import io.pacraft.replication.sim.SimProtocol;
import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import io.pacraft.replication.sim.SimulationRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pacraft simulate}: runs a protocol in the deterministic simulator for many seeds, or one
 * seed with its event trace. The last line reads {@code N seeds, K violations}; each failing seed
 * prints the command that replays it.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Run a replication protocol in the deterministic simulator under faults.")
public final class SimulateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--protocol", defaultValue = "raft", description = "protocol to simulate (default: ${DEFAULT-VALUE})")
  String protocol;

  @Option(names = "--nodes", defaultValue = "5", description = "replicas in the group (default: ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--seeds", defaultValue = "100", description = "how many seeds to run, from --first-seed (default: ${DEFAULT-VALUE})")
  int seeds;

  @Option(names = "--first-seed", defaultValue = "1", description = "first seed of a --seeds run (default: ${DEFAULT-VALUE})")
  long firstSeed;

  @Option(names = "--seed", description = "run this one seed")
  Long seed;

  @Option(names = "--trace", description = "with --seed: print every event of the run")
  boolean trace;

  @Option(names = "--history", description = "with --seed: write the client history to this file (Knossos EDN)")
  Path history;

  @Option(names = "--duration-ms", defaultValue = "6000", description = "virtual time under faults per seed (default: ${DEFAULT-VALUE})")
  long durationMs;

  @Option(names = "--threads", description = "seeds run in parallel (default: the number of processors)")
  Integer threads;

  @Option(
      names = "--check-seconds",
      defaultValue = "60",
      description = "time the linearizability checker may spend on one seed's history; past it the seed is reported"
          + " as undecided, a violation (default: ${DEFAULT-VALUE})")
  long checkSeconds;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    quietLogs();
    Optional<SimProtocol> p = SimProtocol.find(protocol);
    if (p.isEmpty()) {
      System.err.println("unknown protocol " + protocol);
      return 2;
    }
    if (checkSeconds < 1) {
      System.err.println("--check-seconds must be at least 1");
      return 2;
    }
    if ((trace || history != null) && seed == null) {
      System.err.println("--trace and --history need --seed");
      return 2;
    }
    SimulationConfig config = SimulationConfig.of(p.get(), nodes).withDuration(durationMs * 1_000_000L).withListeners(historyListeners());
    int violations = 0;
    int count;
    if (seed != null) {
      count = 1;
      List<Operation> ops = new ArrayList<>();
      if (history != null) {
        List<Supplier<HistoryListener>> ls = new ArrayList<>(config.listeners());
        ls.add(() -> new HistoryListener() {
          @Override
          public void onOperation(Operation op) {
            ops.add(op);
          }

          @Override
          public Optional<String> verdict() {
            return Optional.empty();
          }
        });
        config = config.withListeners(ls);
      }
      if (trace) {
        config = config.withTrace(out::println);
      }
      SimulationResult r = Simulation.run(config, seed);
      if (history != null) {
        writeHistory(history, ops);
      }
      if (report(out, r)) {
        violations++;
      }
    } else {
      count = seeds;
      int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
      List<SimulationResult> results = SimulationRunner.run(config, firstSeed, seeds, t, r -> report(out, r));
      violations = (int) results.stream().filter(r -> r.violation().isPresent()).count();
    }
    out.println(count + " seeds, " + violations + " violations");
    out.flush();
    return violations == 0 ? 0 : 1;
  }

  /** The jepsen linearizability checker, judging every seed's client history. */
  private List<Supplier<HistoryListener>> historyListeners() {
    Duration limit = Duration.ofSeconds(checkSeconds);
    return List.of(() -> new CheckerListener(limit));
  }

  private boolean report(PrintWriter out, SimulationResult r) {
    if (r.violation().isEmpty()) {
      return false;
    }
    out.println("seed " + r.seed() + ": " + r.violation().get());
    out.println("  replay: ./pacraft simulate --protocol " + protocol + " --nodes " + nodes
        + (durationMs != 6000 ? " --duration-ms " + durationMs : "") + " --seed " + r.seed() + " --trace");
    return true;
  }

  private static void writeHistory(Path file, List<Operation> ops) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
      w.println("[");
      for (Operation op : ops) {
        w.println(op);
      }
      w.println("]");
    }
  }

  /** Replicas log every election at INFO; across thousands of seeds that is noise. */
  private static void quietLogs() {
    if (System.getProperty("pacraft.loglevel") == null
        && LoggerFactory.getLogger("io.pacraft") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(Level.ERROR);
    }
  }
}
