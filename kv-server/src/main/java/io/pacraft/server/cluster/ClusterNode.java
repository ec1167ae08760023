package io.pacraft.server.cluster;

import io.pacraft.replication.NodeId;

/** A node of the cluster: where clients ({@code port}) and peers ({@code busPort}) reach it. */
public record ClusterNode(NodeId id, String host, int port, int busPort) {
  public String clientAddress() {
    return host + ":" + port;
  }

  public String busAddress() {
    return host + ":" + busPort;
  }
}
