package io.pacraft.replication.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pacraft.replication.NodeId;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outbound half of the bus towards one peer: a lazily opened connection, a byte-bounded queue
 * of encoded frames, and reconnection with capped, jittered exponential back-off. Senders on any
 * thread enqueue; one task on the link's event loop writes everything queued and flushes once.
 * Connection state is confined to that event loop.
 */
final class PeerLink {
  final NodeId id;
  private final NodeTransport owner;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final TransportOptions options;
  private final ConcurrentLinkedQueue<ByteBuf> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final Runnable drainTask = this::drain;
  private volatile InetSocketAddress address;
  private volatile Channel channel;

  // event-loop confined
  private boolean connecting;
  private ScheduledFuture<?> retry;
  private int failures;
  private long connections;
  private boolean closed;

  final LongAdder messagesSent = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder messagesDropped = new LongAdder();
  final LongAdder messagesReceived = new LongAdder();
  final LongAdder bytesReceived = new LongAdder();
  private volatile long reconnects;

  PeerLink(NodeId id, NodeTransport owner, EventLoop loop, Bootstrap bootstrap, TransportOptions options) {
    this.id = id;
    this.owner = owner;
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.options = options;
  }

  InetSocketAddress address() {
    return address;
  }

  /** Sets where the peer listens; a connection to an old address is closed. */
  void address(InetSocketAddress next) {
    InetSocketAddress previous = address;
    address = next;
    if (previous != null && !previous.equals(next)) {
      loop.execute(() -> {
        Channel ch = channel;
        if (ch != null) {
          ch.close();
        }
      });
    }
  }

  /** Queues {@code frame} (taking ownership) or drops it when the peer is over its bound. */
  void send(ByteBuf frame) {
    int n = frame.readableBytes();
    Channel ch = channel;
    if (address == null || queuedBytes.get() + n > options.maxQueuedBytesPerPeer() || (ch != null && !ch.isWritable())) {
      frame.release();
      messagesDropped.increment();
      return;
    }
    queuedBytes.addAndGet(n);
    queue.add(frame);
    if (loop.inEventLoop()) {
      drain(); // on the link's own loop (a group on the bus loop): out now, before the step's log sync
    } else if (drainScheduled.compareAndSet(false, true)) {
      loop.execute(drainTask);
    }
  }

  private void drain() {
    drainScheduled.set(false);
    if (closed) {
      dropQueued();
      return;
    }
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      if (!connecting && retry == null) {
        connect();
      }
      return;
    }
    int written = 0;
    ByteBuf frame;
    while ((frame = queue.poll()) != null) {
      int n = frame.readableBytes();
      queuedBytes.addAndGet(-n);
      ch.write(frame, ch.voidPromise());
      messagesSent.increment();
      bytesSent.add(n);
      written++;
    }
    if (written > 0) {
      ch.flush();
    }
  }

  private void connect() {
    InetSocketAddress to = address;
    if (to == null) {
      dropQueued();
      return;
    }
    connecting = true;
    ChannelFuture f = bootstrap.connect(to);
    f.addListener(
        done -> {
          connecting = false;
          if (closed) {
            f.channel().close();
            return;
          }
          if (!done.isSuccess()) {
            failed();
            return;
          }
          Channel ch = f.channel();
          ch.write(FrameFormat.hello(ch.alloc(), owner.selfBytes()), ch.voidPromise());
          if (connections++ > 0) {
            reconnects++;
          }
          failures = 0;
          channel = ch;
          ch.closeFuture().addListener(c -> closedConnection(ch));
          drain();
        });
  }

  private void failed() {
    failures++;
    dropQueued();
    scheduleRetry();
  }

  private void closedConnection(Channel ch) {
    if (channel != ch) {
      return;
    }
    channel = null;
    if (!closed) {
      failures++;
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    if (retry != null || closed) {
      return;
    }
    long delay = Math.min(options.reconnectMaxMillis(), options.reconnectMinMillis() << Math.min(20, Math.max(0, failures - 1)));
    long jittered = delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    retry =
        loop.schedule(
            () -> {
              retry = null;
              if (!queue.isEmpty()) {
                connect();
              }
            },
            jittered,
            TimeUnit.MILLISECONDS);
  }

  private void dropQueued() {
    ByteBuf frame;
    while ((frame = queue.poll()) != null) {
      queuedBytes.addAndGet(-frame.readableBytes());
      frame.release();
      messagesDropped.increment();
    }
  }

  /** Closes the connection and drops what is queued; on the event loop. */
  void close() {
    loop.execute(() -> {
      closed = true;
      if (retry != null) {
        retry.cancel(false);
        retry = null;
      }
      Channel ch = channel;
      if (ch != null) {
        ch.close();
      }
      dropQueued();
    });
  }

  PeerStats stats() {
    Channel ch = channel;
    long pending = queuedBytes.get();
    if (ch != null) {
      long outbound = options.maxQueuedBytesPerPeer() - ch.bytesBeforeUnwritable();
      pending += ch.isWritable() ? Math.max(0, outbound) : options.maxQueuedBytesPerPeer();
    }
    return new PeerStats(
        messagesSent.sum(),
        bytesSent.sum(),
        messagesDropped.sum(),
        pending,
        messagesReceived.sum(),
        bytesReceived.sum(),
        ch != null && ch.isActive(),
        reconnects);
  }
}
