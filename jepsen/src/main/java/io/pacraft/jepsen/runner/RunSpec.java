package io.pacraft.jepsen.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * What one {@code pacraft jepsen} run does.
 *
 * @param protocol the shard's replication protocol, passed to every node ({@code raft}, {@code pacifica})
 * @param nodes how many nodes a local cluster has
 * @param timeLimitSeconds how long the workload runs (faults included), before healing and final reads
 * @param workload {@code register}, {@code id}, {@code lock} or {@code list-append}
 * @param nemeses the fault kinds to inject ({@link FaultKind} names); empty for none
 * @param nemesisIntervalSeconds how long each fault lasts, and how long the cluster stays healthy between faults
 * @param concurrency how many logical client processes run at once
 * @param rate target operations per second over all processes
 * @param seed the seed of every random choice the runner makes
 * @param basePort the first client port of a local cluster (0: free ports)
 * @param outDir where runs are written ({@code OUT/<run>/})
 * @param readFromReplicas send reads to a replica with READONLY (stale reads possible: the teeth)
 * @param hosts an existing cluster's client addresses (host:port), or empty to start a local one
 * @param jar the pacraft jar local nodes run
 * @param heap each local node's heap ({@code -Xmx})
 * @param clientTimeoutMillis how long a client waits for a reply before the operation is indeterminate
 * @param keepData keep the nodes' data directories after the run (logs are always kept)
 */
public record RunSpec(
    String protocol,
    int nodes,
    int timeLimitSeconds,
    String workload,
    List<FaultKind> nemeses,
    double nemesisIntervalSeconds,
    int concurrency,
    double rate,
    long seed,
    int basePort,
    Path outDir,
    boolean readFromReplicas,
    List<String> hosts,
    Path jar,
    String heap,
    int clientTimeoutMillis,
    boolean keepData) {

  public RunSpec {
    nemeses = List.copyOf(nemeses);
    hosts = List.copyOf(hosts);
  }

  /** A short name for the run's folder: protocol, workload, nemeses and seed. */
  public String runName() {
    String n = nemeses.isEmpty() ? "none" : String.join("+", nemeses.stream().map(FaultKind::label).toList());
    return protocol + "-" + workload + "-" + n + "-s" + seed + (readFromReplicas ? "-replica-reads" : "");
  }
}
