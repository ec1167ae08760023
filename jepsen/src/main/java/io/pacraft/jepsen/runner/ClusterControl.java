package io.pacraft.jepsen.runner;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The cluster administration the runner needs, done by the command line's admin code (this module
 * does not know the cluster map's format). Addresses are client {@code host:port}; a bus address is
 * where peers are told to reach a node's bus (the runner's proxy for it).
 */
public interface ClusterControl {
  /** Bootstraps nodes that belong to no cluster into one shard; waits for a leader. */
  void create(List<String> addresses, List<String> busAddresses, String protocol, int waitSeconds) throws IOException;

  /** Waits until every given node reports the cluster up. */
  void awaitUp(List<String> addresses, int waitSeconds) throws IOException;

  /** The client address of the shard's leader, as any reachable node says. */
  Optional<String> leader(List<String> addresses);

  /** Hands leadership to another node; returns the new leader's client address. */
  String transferLeadership(List<String> addresses, int waitSeconds) throws IOException;

  /** Removes a node from the shard, the meta group and the map. */
  void removeNode(List<String> addresses, String node, int waitSeconds) throws IOException;

  /** Adds a fresh node (started empty) whose peers reach its bus at {@code busAddress}. */
  void addNode(List<String> addresses, String node, String busAddress, int waitSeconds) throws IOException;
}
