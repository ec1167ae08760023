package io.pacraft.cli;

import io.pacraft.cli.admin.ClusterCreate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pacraft cluster ...}: bootstrap and manage a cluster of cluster-enabled nodes. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Creates and manages pacraft clusters (like redis-cli --cluster).",
    subcommands = {ClusterCommand.Create.class})
public final class ClusterCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Bootstraps a cluster from nodes started with 'pacraft server --cluster'.")
  static final class Create implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "HOST:PORT", description = "the nodes")
    List<String> nodes;

    @Option(names = "--protocol", description = "raft or pacifica (default: what the nodes were started with)")
    String protocol;

    @Option(names = "--replicas", description = "replicas per shard; with one shard it must be the number of nodes minus one")
    Integer replicas;

    @Option(names = "--wait", defaultValue = "30", description = "seconds to wait for a leader (default ${DEFAULT-VALUE})")
    int waitSeconds;

    @Override
    public Integer call() {
      if (replicas != null && replicas != nodes.size() - 1) {
        System.err.println(
            "pacraft cluster create: this build makes one shard of all nodes, so --replicas must be " + (nodes.size() - 1));
        return 2;
      }
      try {
        ClusterCreate.create(nodes, protocol, System.out, waitSeconds);
        return 0;
      } catch (Exception e) {
        System.err.println("pacraft cluster create: " + e.getMessage());
        return 1;
      }
    }
  }
}
