package io.pacraft.jepsen.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * A local cluster's ports are chosen before its nodes bind them; in the kernel's ephemeral range an
 * outgoing connection could take one meanwhile (a matrix run once lost a node to "Address already
 * in use" that way), so both ports of a pair lie below it.
 */
class FreePortPairTest {
  @Test
  void pairsAreFreeAndBelowTheEphemeralRange() throws Exception {
    int low = LocalCluster.ephemeralLow();
    for (int i = 0; i < 20; i++) {
      int port = LocalCluster.freePortPair();
      assertThat(port).isGreaterThanOrEqualTo(10_000);
      if (low - 10_000 > 10_000) {
        assertThat(port + 10_000).isLessThan(low);
      }
      try (ServerSocket client = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
          ServerSocket bus = new ServerSocket(port + 10_000, 1, InetAddress.getLoopbackAddress())) {
        assertThat(client.getLocalPort()).isEqualTo(port);
        assertThat(bus.getLocalPort()).isEqualTo(port + 10_000);
      }
    }
  }
}
