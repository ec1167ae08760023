package io.pacraft.replication.transport;

/**
 * Traffic with one peer since the transport started, for INFO.
 *
 * @param messagesSent messages written to the peer's connection
 * @param bytesSent frame bytes written
 * @param messagesDropped outbound messages dropped: queue full, connection failed, no address
 * @param queuedBytes outbound bytes waiting now (our queue plus the socket's outbound buffer)
 * @param messagesReceived messages received from the peer
 * @param bytesReceived frame bytes received
 * @param connected whether an outbound connection is up
 * @param reconnects outbound connections established after the first
 */
public record PeerStats(
    long messagesSent,
    long bytesSent,
    long messagesDropped,
    long queuedBytes,
    long messagesReceived,
    long bytesReceived,
    boolean connected,
    long reconnects) {}
