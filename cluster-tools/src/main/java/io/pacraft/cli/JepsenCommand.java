package io.pacraft.cli;

import io.pacraft.cli.admin.AdminControl;
import io.pacraft.jepsen.runner.FaultKind;
import io.pacraft.jepsen.runner.RunSpec;
import io.pacraft.jepsen.runner.Runner;
import io.pacraft.jepsen.runner.Workload;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pacraft jepsen}: a fault-injection run against a fresh local cluster (or {@code --hosts}),
 * its history checked; exit 0 valid, 1 anomalies found, 2 error or unknown.
 */
@Command(
    name = "jepsen",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a workload against a fresh local cluster of processes (or --hosts) while injecting faults,",
      "records every operation, checks the history and writes OUT/<run>/{history.edn,results.edn,report.html}.",
      "Exit status: 0 valid, 1 anomalies found, 2 error or unknown."
    })
public final class JepsenCommand implements Callable<Integer> {
  @Option(names = "--protocol", defaultValue = "raft", description = "replication protocol passed to every node: raft or pacifica (default ${DEFAULT-VALUE})")
  String protocol;

  @Option(names = "--nodes", defaultValue = "3", description = "nodes of the local cluster (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--time-limit", defaultValue = "60", description = "seconds of workload under faults (default ${DEFAULT-VALUE})")
  int timeLimit;

  @Option(names = "--workload", defaultValue = "register", description = "register, id, lock or list-append (default ${DEFAULT-VALUE})")
  String workload;

  @Option(names = "--nemesis", defaultValue = "none", description = "comma-separated faults: none, kill, pause, partition, clock, membership, transfer, all (default ${DEFAULT-VALUE})")
  String nemesis;

  @Option(names = "--nemesis-interval", defaultValue = "5", description = "seconds each fault lasts, and between faults (default ${DEFAULT-VALUE})")
  double nemesisInterval;

  @Option(names = "--concurrency", defaultValue = "6", description = "logical client processes (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--rate", defaultValue = "100", description = "target operations per second, all processes together (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--seed", description = "seed of every random choice (default: the time)")
  Long seed;

  @Option(names = "--port", defaultValue = "0", description = "first client port of the local nodes; node i uses port + i, its bus port + 10000 (default: free ports)")
  int port;

  @Option(names = "--dir", defaultValue = "jepsen-out", description = "where runs are written: DIR/<run>/ (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(names = "--read-from-replicas", description = "send reads to replicas with READONLY (stale reads: the checker must catch them)")
  boolean readFromReplicas;

  @Option(names = "--hosts", split = ",", description = "an existing cluster's nodes (host:port,...): no local processes; only the transfer nemesis applies")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--heap", defaultValue = "256m", description = "heap of each local node (default ${DEFAULT-VALUE})")
  String heap;

  @Option(names = "--timeout", defaultValue = "2000", description = "client timeout in ms: past it an operation is indeterminate (default ${DEFAULT-VALUE})")
  int timeoutMillis;

  @Option(names = "--keep-data", description = "keep the nodes' data directories (logs are always kept)")
  boolean keepData;

  @Option(names = "--verbose", description = "print the admin operations' progress too")
  boolean verbose;

  @Override
  public Integer call() {
    List<FaultKind> kinds;
    try {
      kinds = FaultKind.parseList(nemesis);
      Workload.named(workload);
    } catch (IllegalArgumentException e) {
      System.err.println("pacraft jepsen: " + e.getMessage());
      return 2;
    }
    if (!hosts.isEmpty()) {
      for (FaultKind k : kinds) {
        if (k.needsLocalCluster()) {
          System.err.println("pacraft jepsen: the " + k.label() + " nemesis needs a local cluster (the runner owns its processes and bus links); with --hosts only transfer applies");
          return 2;
        }
      }
    } else if (nodes < 1 || nodes > 9) {
      System.err.println("pacraft jepsen: --nodes must be between 1 and 9");
      return 2;
    }
    if (timeLimit < 1 || concurrency < 1 || rate <= 0 || nemesisInterval <= 0 || timeoutMillis < 100) {
      System.err.println("pacraft jepsen: --time-limit, --concurrency, --rate, --nemesis-interval must be positive, --timeout at least 100 ms");
      return 2;
    }
    // the runner reports connection trouble in the history; Lettuce's own warnings would only repeat it
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.lettuce")).setLevel(ch.qos.logback.classic.Level.ERROR);
    long s = seed != null ? seed : System.currentTimeMillis();
    RunSpec spec = new RunSpec(protocol, nodes, timeLimit, workload, kinds, nemesisInterval, concurrency, rate, s, port, dir,
        readFromReplicas, hosts, Path.of(LocalCommand.jarPath()), heap, timeoutMillis, keepData);
    PrintStream adminOut = verbose ? System.out : new PrintStream(OutputStream.nullOutputStream());
    try {
      return new Runner(spec, new AdminControl(adminOut), System.out).run().exitCode();
    } catch (Exception e) {
      System.err.println("pacraft jepsen: " + e);
      return 2;
    }
  }
}
