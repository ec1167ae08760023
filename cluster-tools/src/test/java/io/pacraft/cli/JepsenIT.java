package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.cli.admin.AdminControl;
import io.pacraft.jepsen.runner.FaultKind;
import io.pacraft.jepsen.runner.RunSpec;
import io.pacraft.jepsen.runner.Runner;
import io.pacraft.jepsen.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code pacraft jepsen} against real processes: a bounded smoke per protocol (kill and partition
 * faults on a register workload must leave a linearizable history), and the teeth — reads from
 * replicas under partitions must be caught as non-linearizable.
 */
class JepsenIT {
  @TempDir Path tmp;

  private static RunSpec spec(String protocol, Path out, List<FaultKind> nemeses, int seconds, boolean replicaReads, long seed) {
    return new RunSpec(protocol, 3, seconds, "register", nemeses, 3, 4, 60, seed, 0, out, replicaReads, List.of(),
        PacraftProcess.jar(), "256m", 2000, false);
  }

  private static Runner.RunResult run(RunSpec spec, ByteArrayOutputStream log) throws Exception {
    PrintStream out = new PrintStream(log, true);
    return new Runner(spec, new AdminControl(new PrintStream(OutputStream.nullOutputStream())), out).run();
  }

  @ParameterizedTest
  @ValueSource(strings = {"raft", "pacifica"})
  void smokeKillAndPartitionStayLinearizable(String protocol) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Runner.RunResult r = run(spec(protocol, tmp, List.of(FaultKind.KILL, FaultKind.PARTITION), 20, false, 7), log);
    assertThat(r.verdict()).as("run log:%n%s", log).isEqualTo(Verdict.VALID);
    assertThat(r.exitCode()).isZero();
    assertThat(r.counts().get("ok")).as("run log:%n%s", log).isGreaterThan(100);
    assertThat(r.faults()).as("run log:%n%s", log).isGreaterThanOrEqualTo(2);
    assertThat(log.toString()).contains("start-kill", "start-partition");
    assertThat(r.dir().resolve("history.edn")).exists();
    assertThat(Files.readString(r.dir().resolve("results.edn"))).contains(":valid? true", ":verdict :valid");
    assertThat(Files.readString(r.dir().resolve("report.html"))).contains("VALID", "<svg", "kill", "partition");
    try (var logs = Files.walk(r.dir().resolve("nodes"))) {
      assertThat(logs.filter(p -> p.getFileName().toString().equals("node.log")).count()).isEqualTo(3);
    }
    // the nodes' data is gone, their logs stay
    try (var data = Files.walk(r.dir().resolve("nodes"))) {
      assertThat(data.filter(p -> p.getFileName().toString().equals("data")).count()).isZero();
    }
  }

  @Test
  void replicaReadsUnderPartitionsAreCaughtAsStale() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Runner.RunResult r = run(spec("raft", tmp, List.of(FaultKind.PARTITION), 12, true, 11), log);
    assertThat(r.verdict()).as("run log:%n%s", log).isEqualTo(Verdict.INVALID);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.reason()).contains("not linearizable", ":read");
    assertThat(Files.readString(r.dir().resolve("results.edn"))).contains(":valid? false", ":anomalies");
    assertThat(Files.readString(r.dir().resolve("report.html"))).contains("INVALID", "Timeline of the offending operations");
  }
}
