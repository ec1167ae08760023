package io.pacraft.replication.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A node's cluster bus: Netty over TCP, multiplexing every group the node runs (and node-level
 * messages such as gossip) over one outbound connection per peer.
 *
 * <p>Each node sends on connections it opens and receives on connections it accepts (so a pair of
 * nodes that talk both ways has one connection each way, as Redis Cluster's bus does; no handshake
 * races decide which one survives). A connection starts with a HELLO frame naming the sender; every
 * frame carries a version byte and a CRC32C (see {@code docs/transport.md}). Outbound queues are
 * bounded in bytes: over the bound new messages are dropped and counted, as the protocols tolerate
 * loss. Inbound messages for groups not registered here are dropped and counted.
 *
 * <p>Start with {@link #start}, get each group's {@link Transport} with {@link #transportFor}, stop
 * with {@link #close()}. Thread-safe.
 */
public final class NodeTransport implements AutoCloseable {
  private final NodeId self;
  private final byte[] selfBytes;
  private final TransportOptions options;
  private final EventLoopGroup loops;
  private final Bootstrap clientBootstrap;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final Channel server;
  private final ConcurrentHashMap<NodeId, PeerLink> peers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, GroupTransport> groups = new ConcurrentHashMap<>();
  private final ChannelGroup channels = new DefaultChannelGroup("pacraft-bus", GlobalEventExecutor.INSTANCE);
  private final LongAdder unknownGroupDrops = new LongAdder();
  private final LongAdder badFrames = new LongAdder();
  private volatile Executor nodeExecutor;
  private volatile Transport.MessageHandler nodeHandler;

  private NodeTransport(NodeId self, InetSocketAddress bind, TransportOptions options) throws IOException {
    this.self = self;
    this.selfBytes = self.id().getBytes(StandardCharsets.UTF_8);
    if (selfBytes.length > 255) {
      throw new IllegalArgumentException("node id longer than 255 bytes");
    }
    this.options = options;
    this.loops = new MultiThreadIoEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("pacraft-bus", true), NioIoHandler.newFactory());
    long high = options.maxQueuedBytesPerPeer();
    this.clientBootstrap =
        new Bootstrap()
            .group(loops)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOCATOR, alloc)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, high / 2), (int) Math.min(Integer.MAX_VALUE, high)))
            .handler(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                channels.add(ctx.channel());
                ctx.fireChannelActive();
              }

              @Override
              public boolean isSharable() {
                return true;
              }

              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg); // outbound connections carry nothing back
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
              }
            });
    ServerBootstrap sb =
        new ServerBootstrap()
            .group(loops)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.ALLOCATOR, alloc)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                channels.add(ch);
                ch.pipeline()
                    .addLast(new LengthFieldBasedFrameDecoder(options.maxFrameBytes() + 4, 0, 4, 0, 4))
                    .addLast(new InboundHandler(NodeTransport.this));
              }
            });
    try {
      this.server = sb.bind(bind).sync().channel();
    } catch (Exception e) {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new IOException("cannot bind the cluster bus to " + bind, e);
    }
  }

  /**
   * Starts the bus for node {@code self}, listening on {@code bind} (port 0 picks a free one; by
   * convention a node's bus port is its client port + 10000).
   */
  public static NodeTransport start(NodeId self, InetSocketAddress bind, TransportOptions options) throws IOException {
    return new NodeTransport(self, bind, options);
  }

  public NodeId self() {
    return self;
  }

  /** Where the bus listens. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.localAddress();
  }

  /**
   * Registers {@code group} and returns its transport, whose handler runs on {@code scheduler}.
   * Messages for a group arriving before its handler is set are dropped.
   */
  public Transport transportFor(GroupId group, Scheduler scheduler) {
    GroupTransport t = new GroupTransport(group, this, scheduler);
    if (groups.putIfAbsent(group.name(), t) != null) {
      throw new IllegalStateException("group " + group + " is already registered");
    }
    return t;
  }

  /**
   * A new scheduler for one group on this bus's event loop. A group given it to {@link
   * #transportFor} receives its messages on the loop that reads them, without a hand-off to a thread
   * of its own; closing it stops the group's tasks, not the loop.
   */
  public GroupScheduler groupScheduler() {
    return new LoopScheduler(loops.next());
  }

  /** A group's {@link Scheduler} on the bus loop (see {@link #groupScheduler()}). */
  public sealed interface GroupScheduler extends Scheduler, AutoCloseable permits LoopScheduler {
    /** Stops the group's tasks; waits up to five seconds for one running now (unless called on the loop). */
    @Override
    void close();
  }

  /** Stops delivering {@code group}'s messages (its later messages count as unknown-group drops). */
  public void unregister(GroupId group) {
    groups.remove(group.name());
  }

  /** Where {@code peer}'s bus listens, {@code host:port} (groups also set it through updatePeers). */
  public void setPeerAddress(NodeId peer, String hostPort) {
    if (peer.equals(self)) {
      return;
    }
    link(peer).address(parse(hostPort));
  }

  /** Sends a node-level (not group) message, e.g. gossip; same loss rules as group messages. */
  public void sendNodeMessage(NodeId to, ByteBuffer message) {
    if (to.equals(self)) {
      byte[] copy = new byte[message.remaining()];
      message.duplicate().get(copy);
      deliverNode(self, copy);
      return;
    }
    PeerLink link = link(to);
    if (FrameFormat.frameLength(message.remaining()) - 4 > options.maxFrameBytes()) {
      link.messagesDropped.increment();
      return;
    }
    link.send(FrameFormat.node(alloc, message));
  }

  /** Receives node-level messages on {@code executor}. */
  public void onNodeMessage(Executor executor, Transport.MessageHandler handler) {
    this.nodeExecutor = executor;
    this.nodeHandler = handler;
  }

  /** Per-peer traffic, by peer. */
  public Map<NodeId, PeerStats> stats() {
    Map<NodeId, PeerStats> out = new TreeMap<>();
    peers.forEach((id, link) -> out.put(id, link.stats()));
    return out;
  }

  /** Inbound messages dropped because their group is not registered here (or has no handler yet). */
  public long unknownGroupDrops() {
    return unknownGroupDrops.sum();
  }

  /** Inbound frames rejected (bad version, kind, checksum, size); each closed its connection. */
  public long badFrames() {
    return badFrames.sum();
  }

  @Override
  public void close() {
    peers.values().forEach(PeerLink::close);
    server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  // ------------------------------------------------------------------ internals

  byte[] selfBytes() {
    return selfBytes;
  }

  PeerLink link(NodeId peer) {
    PeerLink link = peers.get(peer);
    if (link != null) {
      return link;
    }
    return peers.computeIfAbsent(peer, id -> {
      io.netty.channel.EventLoop loop = loops.next();
      return new PeerLink(id, this, loop, clientBootstrap.clone(loop), options);
    });
  }

  void sendGroup(NodeId to, GroupTransport from, ByteBuffer message) {
    if (to.equals(self)) {
      byte[] copy = new byte[message.remaining()];
      message.duplicate().get(copy);
      deliverGroup(self, from.group.name(), copy);
      return;
    }
    PeerLink link = link(to);
    if (FrameFormat.frameLength(1 + from.groupBytes.length + message.remaining()) - 4 > options.maxFrameBytes()) {
      link.messagesDropped.increment();
      return;
    }
    link.send(FrameFormat.group(alloc, from.groupBytes, message));
  }

  void deliverGroup(NodeId from, String group, byte[] payload) {
    GroupTransport t = groups.get(group);
    if (t == null || !t.deliver(from, payload)) {
      unknownGroupDrops.increment();
    }
  }

  void deliverNode(NodeId from, byte[] payload) {
    Executor executor = nodeExecutor;
    Transport.MessageHandler handler = nodeHandler;
    if (executor == null || handler == null) {
      unknownGroupDrops.increment();
      return;
    }
    executor.execute(() -> handler.onMessage(from, ByteBuffer.wrap(payload)));
  }

  void badFrame() {
    badFrames.increment();
  }

  static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got " + hostPort);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad port in " + hostPort);
    }
    return new InetSocketAddress(host, port);
  }
}
