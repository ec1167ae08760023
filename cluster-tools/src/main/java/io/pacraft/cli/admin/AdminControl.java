package io.pacraft.cli.admin;

import io.pacraft.jepsen.runner.ClusterControl;
import io.pacraft.server.cluster.ClusterNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** The Jepsen runner's {@link ClusterControl}, done with the admin code of {@code pacraft cluster}. */
public final class AdminControl implements ClusterControl {
  private final PrintStream out;

  /** {@code out} receives the admin operations' progress lines. */
  public AdminControl(PrintStream out) {
    this.out = out;
  }

  @Override
  public void create(List<String> addresses, List<String> busAddresses, String protocol, int waitSeconds) throws IOException {
    ClusterCreate.create(addresses, busAddresses, protocol, out, waitSeconds);
  }

  @Override
  public void awaitUp(List<String> addresses, int waitSeconds) throws IOException {
    ClusterCreate.awaitLeader(addresses, out, waitSeconds);
  }

  @Override
  public Optional<String> leader(List<String> addresses) {
    for (String seed : addresses) {
      try {
        ClusterAdmin a = new ClusterAdmin(seed, out);
        Optional<ClusterNode> l = a.leader(a.map(), false);
        if (l.isPresent()) {
          return Optional.of(l.get().clientAddress());
        }
      } catch (IOException e) {
        // ask the next node
      }
    }
    return Optional.empty();
  }

  @Override
  public String transferLeadership(List<String> addresses, int waitSeconds) throws IOException {
    return admin(addresses).failover(Optional.empty(), waitSeconds).clientAddress();
  }

  @Override
  public void removeNode(List<String> addresses, String node, int waitSeconds) throws IOException {
    admin(addresses.stream().filter(a -> !a.equals(node)).toList()).removeNode(node, waitSeconds);
  }

  @Override
  public void addNode(List<String> addresses, String node, String busAddress, int waitSeconds) throws IOException {
    admin(addresses.stream().filter(a -> !a.equals(node)).toList()).addNode(node, busAddress, waitSeconds);
  }

  /** Admin operations seeded at the first node that answers with the cluster map. */
  private ClusterAdmin admin(List<String> addresses) throws IOException {
    IOException last = new IOException("no node given");
    for (String seed : addresses) {
      ClusterAdmin a = new ClusterAdmin(seed, out);
      try {
        a.map();
        return a;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }
}
