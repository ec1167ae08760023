package io.pacraft.jepsen.runner;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The cluster a run drives: local processes the runner owns (started fresh, their bus links behind
 * a {@link BusProxy}), or, with {@code --hosts}, an existing cluster the runner only talks to.
 */
public final class LocalCluster implements AutoCloseable {
  private final List<LocalNode> nodes;
  private final List<String> addresses;
  private final BusProxy proxy;
  private final ClusterControl control;
  private final RedisClient admin;
  private final Consumer<String> log;
  private final boolean[] removed;

  private LocalCluster(List<LocalNode> nodes, List<String> addresses, BusProxy proxy, ClusterControl control, Consumer<String> log) {
    this.nodes = nodes;
    this.addresses = addresses;
    this.proxy = proxy;
    this.control = control;
    this.log = log;
    this.removed = new boolean[addresses.size()];
    this.admin = RedisClient.create();
    this.admin.setOptions(ClientSession.options(Duration.ofSeconds(5)));
  }

  /** An existing cluster: only its addresses are known. */
  public static LocalCluster external(List<String> hosts, ClusterControl control, Consumer<String> log) {
    return new LocalCluster(List.of(), List.copyOf(hosts), null, control, log);
  }

  /**
   * Starts {@code spec.nodes()} fresh nodes under {@code home}, puts a proxy in front of every bus,
   * and bootstraps them into one cluster whose map sends all bus traffic through the proxies.
   */
  public static LocalCluster start(RunSpec spec, Path home, ClusterControl control, Consumer<String> log) throws IOException {
    List<LocalNode> nodes = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    int[] buses = new int[spec.nodes()];
    for (int i = 0; i < spec.nodes(); i++) {
      int port = spec.basePort() > 0 ? spec.basePort() + i : freePortPair();
      nodes.add(new LocalNode(port, home.resolve("n" + (i + 1) + "-" + port), spec.jar(), spec.protocol(), spec.heap()));
      addresses.add("127.0.0.1:" + port);
      buses[i] = port + 10000;
    }
    BusProxy proxy = new BusProxy(buses, spec.seed());
    LocalCluster c = new LocalCluster(nodes, addresses, proxy, control, log);
    try {
      ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
      try {
        List<Future<?>> started = new ArrayList<>();
        for (LocalNode n : nodes) {
          started.add(pool.submit(() -> {
            n.start(120);
            return null;
          }));
        }
        for (Future<?> f : started) {
          f.get();
        }
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      } finally {
        pool.shutdown();
      }
      List<String> busAddresses = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        c.identify(i);
        busAddresses.add(proxy.address(i));
      }
      log.accept("bootstrapping " + spec.protocol() + " cluster of " + nodes.size() + " node(s), bus links through proxies");
      control.create(addresses, busAddresses, spec.protocol(), 120);
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * A port on 127.0.0.1 that is free, and whose bus port (port + 10000) is free too, both below the
   * kernel's ephemeral range. A port is only checked here and bound later by the node; a port in the
   * ephemeral range could meanwhile become the local end of some outgoing connection (a client's,
   * a proxy's) or a port-0 listener, and the node then failed to start with "Address already in
   * use" (seen once in a 56-run matrix). Below the range only an explicit bind can take it.
   */
  public static int freePortPair() throws IOException {
    int ephemeralLow = ephemeralLow();
    int low = 10_000;
    int high = ephemeralLow - 10_000; // exclusive: port + 10000 stays below the range
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 200 && high > low; i++) {
      int port = random.nextInt(low, high);
      if (bindable(port) && bindable(port + 10000)) {
        return port;
      }
    }
    // no room below the ephemeral range (an unusual ip_local_port_range): any free pair
    for (int i = 0; i < 100; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        if (port + 10000 < 65536 && bindable(port + 10000)) {
          return port;
        }
      }
    }
    throw new IOException("no free port pair found");
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException busy) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range (32768 when it cannot be read). */
  static int ephemeralLow() {
    try {
      String range = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }

  public boolean isLocal() {
    return proxy != null;
  }

  public int size() {
    return addresses.size();
  }

  public LocalNode node(int i) {
    return nodes.get(i);
  }

  public List<LocalNode> nodes() {
    return nodes;
  }

  public BusProxy proxy() {
    return proxy;
  }

  /** Every node's client address. */
  public List<String> addresses() {
    return addresses;
  }

  /** Addresses of the nodes that are members now (not removed by the membership nemesis). */
  public synchronized List<String> members() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      if (!removed[i]) {
        out.add(addresses.get(i));
      }
    }
    return out;
  }

  public Optional<String> leaderAddress() {
    return control.leader(members());
  }

  public Optional<Integer> leaderIndex() {
    return leaderAddress().map(addresses::indexOf).filter(i -> i >= 0);
  }

  public String transferLeadership() throws IOException {
    return control.transferLeadership(members(), 30);
  }

  /** Removes node {@code i} from the cluster, stops it and deletes its data. */
  public void removeAndWipe(int i) throws IOException {
    List<String> others = new ArrayList<>(members());
    if (others.size() <= 1) {
      throw new IOException("cannot remove the last member");
    }
    control.removeNode(others, addresses.get(i), 60);
    synchronized (this) {
      removed[i] = true;
    }
    nodes.get(i).stop();
    nodes.get(i).wipe();
  }

  /** Starts node {@code i} empty (a new node id) and adds it back through its bus proxy. */
  public void addBack(int i) throws IOException {
    LocalNode n = nodes.get(i);
    if (!n.alive()) {
      n.start(120);
    }
    identify(i);
    List<String> others = members();
    control.addNode(others, addresses.get(i), proxy.address(i), 120);
    synchronized (this) {
      removed[i] = false;
    }
  }

  /** Whether node {@code i} is out of the cluster (removed and not yet added back). */
  public synchronized boolean removed(int i) {
    return removed[i];
  }

  /** Moves node {@code i}'s wall clock by {@code millis} (0: back to the system clock). */
  public void setClockOffset(int i, long millis) throws IOException {
    try (StatefulRedisConnection<String, String> c = admin.connect(uri(addresses.get(i)))) {
      c.sync().configSet(Nemesis.CLOCK_PARAMETER, Long.toString(millis));
    } catch (RuntimeException e) {
      throw new IOException("CONFIG SET " + Nemesis.CLOCK_PARAMETER + " on " + addresses.get(i) + ": " + e.getMessage(), e);
    }
  }

  /** Tells the proxy which node id now runs at index {@code i}. */
  private void identify(int i) throws IOException {
    try (StatefulRedisConnection<String, String> c = admin.connect(uri(addresses.get(i)))) {
      proxy.identify(i, c.sync().clusterMyId());
    } catch (RuntimeException e) {
      throw new IOException("CLUSTER MYID on " + addresses.get(i) + ": " + e.getMessage(), e);
    }
  }

  /** Undoes everything: links healed, paused nodes resumed, dead nodes restarted, removed ones added back. */
  public void healEverything() {
    if (!isLocal()) {
      return;
    }
    proxy.healAll();
    for (int i = 0; i < nodes.size(); i++) {
      LocalNode n = nodes.get(i);
      n.resume();
      try {
        if (!n.alive()) {
          n.start(120);
        }
        if (removed(i)) {
          addBack(i);
        }
      } catch (IOException e) {
        log.accept("heal: " + n.address() + ": " + e.getMessage());
      }
    }
  }

  /** Waits until the members report the cluster up. */
  public void awaitUp(int seconds) throws IOException {
    control.awaitUp(members(), seconds);
  }

  static RedisURI uri(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return RedisURI.builder().withHost(hostPort.substring(0, colon))
        .withPort(Integer.parseInt(hostPort.substring(colon + 1)))
        .withTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public void close() {
    for (LocalNode n : nodes) {
      n.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
    admin.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
