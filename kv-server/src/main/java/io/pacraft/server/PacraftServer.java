package io.pacraft.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pacraft.replication.Clock;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.solo.StandaloneEnvironment;
import io.pacraft.resp.RespDecoder;
import io.pacraft.resp.RespLimits;
import io.pacraft.server.command.CommandTable;
import io.pacraft.server.command.Commands;
import io.pacraft.server.cluster.ClusterReplication;
import io.pacraft.server.config.ServerConfig;
import io.pacraft.server.config.ServerParameters;
import io.pacraft.server.expire.ActiveExpiry;
import io.pacraft.server.net.ByteCounter;
import io.pacraft.server.net.ClientHandler;
import io.pacraft.server.net.EventLoopScheduler;
import io.pacraft.server.net.RequestDispatcher;
import io.pacraft.server.state.KvStateMachine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone pacraft node: RocksDB state machine under the single-replica protocol, served over
 * RESP on Netty. {@link #close()} stops accepting clients, lets the writes already taken finish,
 * and closes storage cleanly.
 */
public final class PacraftServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PacraftServer.class);

  private final ServerConfig config;
  private final StandaloneEnvironment env;
  private final KvStateMachine sm;
  private final ReplicaGroup group;
  private final ClusterReplication cluster;
  private final Node node;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel serverChannel;
  private final ChannelGroup clientChannels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ScheduledExecutorService cron;
  private final ActiveExpiry expiry;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;

  private PacraftServer(ServerConfig config, UnaryOperator<Disk> logDisk) throws IOException {
    this.config = config;
    Path dir = Path.of(config.get(ServerParameters.DIR));
    Files.createDirectories(dir);
    CommandTable table = Commands.table();
    sm = new KvStateMachine(dir, config.getLong(ServerParameters.BLOCK_CACHE), config.getLong(ServerParameters.RECORD_CACHE), table);
    NodeId self;
    try {
      self = NodeIdentity.load(dir);
    } catch (IOException e) {
      sm.close();
      throw e;
    }
    boolean clusterMode = config.getBoolean("cluster-enabled");
    int threads = (int) config.getLong("io-threads");
    IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelClass = Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    boss = new MultiThreadIoEventLoopGroup(1, io);
    workers = new MultiThreadIoEventLoopGroup(threads, io);
    StandaloneEnvironment e = null;
    ReplicaGroup g = null;
    if (!clusterMode) {
      try {
        // the group runs on the first event loop: a write read there makes no thread hop
        e = new StandaloneEnvironment(logDisk.apply(StandaloneEnvironment.logDisk(dir)), new EventLoopScheduler(workers.next()));
        ReplicationProtocol solo =
            ReplicationProtocol.find("solo").orElseThrow(() -> new IOException("protocol 'solo' not on the class path"));
        g = solo.open(
            new GroupSpec(GroupId.of("standalone"), self, new Membership(1, List.of(new Member(self, "local", true))), Map.of()),
            sm,
            e);
      } catch (IOException | RuntimeException ex) {
        if (e != null) {
          e.close();
        }
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        sm.close();
        throw ex;
      }
    }
    env = e;
    group = g;
    node = new Node(config, table, sm, group, wallClock(config));
    node.protocolName(clusterMode ? config.get("cluster-protocol") : "solo");
    node.onShutdown(this::close);

    RequestDispatcher dispatcher = new RequestDispatcher(node);
    int maxBulk = (int) Math.min(Integer.MAX_VALUE - 8, config.getLong(ServerParameters.PROTO_MAX_BULK_LEN));
    try {
      ServerBootstrap b =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(channelClass)
              .option(ChannelOption.SO_BACKLOG, 511)
              .option(ChannelOption.SO_REUSEADDR, true)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.SO_KEEPALIVE, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      clientChannels.add(ch); // leaves the group when it closes
                      ch.pipeline()
                          .addLast("bytes", new ByteCounter(node.stats()))
                          .addLast("decoder", new RespDecoder(RespLimits.DEFAULT.withMaxBulkLength(currentMaxBulk(maxBulk))))
                          .addLast("client", new ClientHandler(node, dispatcher));
                    }
                  });
      String bind = config.get(ServerParameters.BIND);
      int port = (int) config.getLong(ServerParameters.PORT);
      serverChannel = b.bind(new InetSocketAddress(bind, port)).syncUninterruptibly().channel();
      node.port(((InetSocketAddress) serverChannel.localAddress()).getPort());
    } catch (RuntimeException ex) {
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      if (group != null) {
        group.close();
        env.close();
      }
      sm.close();
      throw new IOException("cannot listen on " + config.get(ServerParameters.BIND) + ":" + config.get(ServerParameters.PORT) + ": " + ex.getMessage(), ex);
    }
    if (clusterMode) {
      try {
        InetSocketAddress bus = new InetSocketAddress(config.get(ServerParameters.BIND), node.port() + 10000);
        cluster =
            new ClusterReplication(
                dir, self, config.get("cluster-protocol"), bus, sm, ServerParameters.settings(config.get("replication-settings")), Map.of());
      } catch (IOException | RuntimeException ex) {
        serverChannel.close().syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        sm.close();
        throw ex;
      }
      node.cluster(cluster);
      cluster.onShardOpen(node::group);
    } else {
      cluster = null;
    }
    expiry = new ActiveExpiry(node);
    cron =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pacraft-cron");
              t.setDaemon(true);
              return t;
            });
    long periodMs = Math.max(2, 1000 / config.getLong(ServerParameters.HZ));
    cron.scheduleWithFixedDelay(this::housekeeping, periodMs, periodMs, TimeUnit.MILLISECONDS);
    log.info("pacraft listening on {}:{} (data in {})", config.get(ServerParameters.BIND), node.port(), dir.toAbsolutePath());
  }

  private int currentMaxBulk(int fallback) {
    long v = config.getLong(ServerParameters.PROTO_MAX_BULK_LEN);
    return v > Integer.MAX_VALUE - 8 ? fallback : (int) v;
  }

  /** Opens the data directory and starts serving. */
  public static PacraftServer start(ServerConfig config) throws IOException {
    return new PacraftServer(config, UnaryOperator.identity());
  }

  /** A standalone server whose log lives on {@code logDisk} applied to the real one (tests: a disk that fails). */
  static PacraftServer start(ServerConfig config, UnaryOperator<Disk> logDisk) throws IOException {
    return new PacraftServer(config, logDisk);
  }

  public Node node() {
    return node;
  }

  /** The port clients connect to (the configured one, or the one chosen for port 0). */
  public int port() {
    return node.port();
  }

  private void housekeeping() {
    try {
      node.stats().sample();
      expiry.cycle();
      long timeout = config.getLong(ServerParameters.TIMEOUT);
      if (timeout > 0) {
        long cutoff = System.currentTimeMillis() - timeout * 1000;
        node.clients().all().forEach(c -> {
          if (c.lastInteractionMillis() < cutoff && c.connection().pendingReplies() == 0) {
            c.kill();
          }
        });
      }
    } catch (RuntimeException e) {
      log.warn("housekeeping failed", e);
    }
  }

  /** Blocks until the server has shut down (SHUTDOWN or close()). */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    log.info("pacraft shutting down");
    serverChannel.close().syncUninterruptibly();
    cron.shutdownNow();
    node.blocking().close();
    if (group != null) {
      group.close(); // waits for the writes already proposed
    }
    // every client is disconnected here, before the loops stop: left to the loops' own shutdown,
    // a connection on the loop the standalone group runs on stayed open in about one test run in three
    clientChannels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    if (cluster != null) {
      cluster.close();
    }
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    if (env != null) {
      env.close();
    }
    sm.close();
    log.info("pacraft stopped");
    closed.countDown();
  }

  /**
   * The node's clock: the system's, its wall-clock side moved by {@code debug-clock-offset-ms}
   * (changeable at run time with CONFIG SET), which is how a fault-injection run skews one node's
   * idea of the time. The monotonic side, which the replication protocol's timers and leases use,
   * is never moved.
   */
  static Clock wallClock(ServerConfig config) {
    java.util.concurrent.atomic.AtomicLong offset = new java.util.concurrent.atomic.AtomicLong(config.getLong(ServerParameters.DEBUG_CLOCK_OFFSET));
    config.onChange((name, value) -> {
      if (name.equals(ServerParameters.DEBUG_CLOCK_OFFSET)) {
        offset.set(Long.parseLong(value));
      }
    });
    return new Clock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return System.currentTimeMillis() + offset.get();
      }
    };
  }
}
