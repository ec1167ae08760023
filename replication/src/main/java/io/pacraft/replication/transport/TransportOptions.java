package io.pacraft.replication.transport;

/**
 * Settings of a {@link NodeTransport}.
 *
 * @param maxFrameBytes largest frame accepted or sent (default 64 MiB); a bigger inbound frame
 *     closes its connection, a bigger outbound message is dropped
 * @param maxQueuedBytesPerPeer outbound bytes held per peer before new messages are dropped, both
 *     in our queue and in the socket's outbound buffer (each bounded by this; default 16 MiB)
 * @param connectTimeoutMillis TCP connect timeout (default 2000)
 * @param reconnectMinMillis first back-off after a failed connection (default 50); doubles per
 *     failure up to {@code reconnectMaxMillis} (default 2000), each delay jittered down by up to half
 * @param ioThreads Netty event-loop threads (default 1)
 */
public record TransportOptions(
    int maxFrameBytes,
    long maxQueuedBytesPerPeer,
    int connectTimeoutMillis,
    long reconnectMinMillis,
    long reconnectMaxMillis,
    int ioThreads) {
  public TransportOptions {
    if (maxFrameBytes < 1024 || maxQueuedBytesPerPeer < 1024 || connectTimeoutMillis < 1
        || reconnectMinMillis < 1 || reconnectMaxMillis < reconnectMinMillis || ioThreads < 1) {
      throw new IllegalArgumentException("invalid transport options");
    }
  }

  public static TransportOptions defaults() {
    return new TransportOptions(64 << 20, 16L << 20, 2000, 50, 2000, 1);
  }

  public TransportOptions withMaxQueuedBytesPerPeer(long bytes) {
    return new TransportOptions(maxFrameBytes, bytes, connectTimeoutMillis, reconnectMinMillis, reconnectMaxMillis, ioThreads);
  }

  public TransportOptions withReconnect(long minMillis, long maxMillis) {
    return new TransportOptions(maxFrameBytes, maxQueuedBytesPerPeer, connectTimeoutMillis, minMillis, maxMillis, ioThreads);
  }
}
