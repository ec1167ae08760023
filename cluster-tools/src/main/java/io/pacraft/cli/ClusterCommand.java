package io.pacraft.cli;

import io.pacraft.cli.admin.ClusterAdmin;
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
    subcommands = {
      ClusterCommand.Create.class,
      ClusterCommand.Status.class,
      ClusterCommand.Failover.class,
      ClusterCommand.AddNode.class,
      ClusterCommand.RemoveNode.class
    })
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

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows every node's role, term, commit and applied index and lag, and a verdict (exit 0 ok, 1 degraded, 2 down).")
  static final class Status implements Callable<Integer> {
    @Parameters(paramLabel = "HOST:PORT", description = "any node of the cluster")
    String seed;

    @Override
    public Integer call() {
      try {
        return new ClusterAdmin(seed, System.out).printStatus();
      } catch (Exception e) {
        System.err.println("pacraft cluster status: " + e.getMessage());
        return 2;
      }
    }
  }

  @Command(name = "failover", mixinStandardHelpOptions = true, description = "Moves the shard's leadership to another node (leadership transfer).")
  static final class Failover implements Callable<Integer> {
    @Parameters(paramLabel = "HOST:PORT", description = "any node of the cluster")
    String seed;

    @Option(names = "--to", description = "the node to lead (id or host:port); default: the most up-to-date follower")
    String to;

    @Option(names = "--wait", defaultValue = "30", description = "seconds to wait (default ${DEFAULT-VALUE})")
    int waitSeconds;

    @Override
    public Integer call() {
      try {
        new ClusterAdmin(seed, System.out).failover(java.util.Optional.ofNullable(to), waitSeconds);
        return 0;
      } catch (Exception e) {
        System.err.println("pacraft cluster failover: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "add-node", mixinStandardHelpOptions = true, description = "Adds a node started with 'pacraft server --cluster': it catches up as a learner, then becomes a full member.")
  static final class AddNode implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NEW_HOST:PORT", description = "the node to add")
    String fresh;

    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "any node of the cluster")
    String seed;

    @Option(names = "--wait", defaultValue = "300", description = "seconds to wait for the new node to catch up (default ${DEFAULT-VALUE})")
    int waitSeconds;

    @Override
    public Integer call() {
      try {
        new ClusterAdmin(seed, System.out).addNode(fresh, waitSeconds);
        return 0;
      } catch (Exception e) {
        System.err.println("pacraft cluster add-node: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "remove-node", mixinStandardHelpOptions = true, description = "Removes a node from the cluster (its leadership is handed over first).")
  static final class RemoveNode implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NODE", description = "the node's id (or a unique prefix) or host:port")
    String node;

    @Parameters(index = "1", paramLabel = "HOST:PORT", description = "any node of the cluster")
    String seed;

    @Option(names = "--wait", defaultValue = "60", description = "seconds to wait (default ${DEFAULT-VALUE})")
    int waitSeconds;

    @Override
    public Integer call() {
      try {
        new ClusterAdmin(seed, System.out).removeNode(node, waitSeconds);
        return 0;
      } catch (Exception e) {
        System.err.println("pacraft cluster remove-node: " + e.getMessage());
        return 1;
      }
    }
  }
}
