package io.pacraft.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.netty.util.ResourceLeakDetector;
import io.pacraft.server.PacraftServer;
import io.pacraft.server.config.ServerConfig;
import io.pacraft.server.config.ServerParameters;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pacraft server}: one durable node. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one durable pacraft node speaking RESP on --port.",
      "Settings come from --config (redis.conf-style 'name value' lines); flags override them."
    })
public final class ServerCommand implements Callable<Integer> {
  @Option(names = "--port", description = "client port (default 6379; the cluster bus uses port + 10000)")
  Integer port;

  @Option(names = "--bind", description = "address to listen on (default 127.0.0.1)")
  String bind;

  @Option(names = "--dir", description = "data directory (default: current directory)")
  Path dir;

  @Option(names = "--config", description = "configuration file (redis.conf syntax)")
  Path config;

  @Option(names = "--requirepass", description = "password clients must AUTH with")
  String requirepass;

  @Option(names = "--cluster", description = "run as a cluster node (replicated), waiting to be bootstrapped or joined")
  boolean cluster;

  @Option(names = "--protocol", description = "a cluster node's replication protocol: raft (default) or pacifica")
  String protocol;

  @Option(names = "--config-set", paramLabel = "NAME=VALUE", description = "sets a configuration parameter (repeatable)")
  java.util.List<String> configSet = new java.util.ArrayList<>();

  @Option(names = "--loglevel", description = "debug, verbose, notice, warning or nothing (default notice)")
  String loglevel;

  @Override
  public Integer call() throws Exception {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty's default samples buffer allocations to find leaks, at a cost on every request;
      // the tests keep it on, a server runs without unless -Dio.netty.leakDetection.level is given.
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    ServerConfig cfg = ServerConfig.load(config);
    try {
      if (port != null) {
        cfg.setAtStartup(ServerParameters.PORT, Integer.toString(port));
      }
      if (bind != null) {
        cfg.setAtStartup(ServerParameters.BIND, bind);
      }
      if (dir != null) {
        cfg.setAtStartup(ServerParameters.DIR, dir.toString());
      }
      if (requirepass != null) {
        cfg.setAtStartup(ServerParameters.REQUIREPASS, requirepass);
      }
      for (String kv : configSet) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          System.err.println("pacraft server: --config-set takes NAME=VALUE, not " + kv);
          return 2;
        }
        cfg.setAtStartup(kv.substring(0, eq), kv.substring(eq + 1));
      }
      if (cluster) {
        cfg.setAtStartup("cluster-enabled", "yes");
      }
      if (protocol != null) {
        if (!cluster && !cfg.getBoolean("cluster-enabled")) {
          System.err.println("pacraft server: --protocol needs --cluster (a standalone node has one replica)");
          return 2;
        }
        cfg.setAtStartup("cluster-protocol", protocol);
      }
      if (loglevel != null) {
        cfg.setAtStartup(ServerParameters.LOGLEVEL, loglevel);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("pacraft server: " + e.getMessage());
      return 2;
    }
    applyLogLevel(cfg.get(ServerParameters.LOGLEVEL));
    cfg.onChange((name, value) -> {
      if (name.equals(ServerParameters.LOGLEVEL)) {
        applyLogLevel(value);
      }
    });
    PacraftServer server = PacraftServer.start(cfg);
    Thread hook = new Thread(server::close, "pacraft-sigterm");
    Runtime.getRuntime().addShutdownHook(hook);
    server.awaitClosed();
    return 0;
  }

  /** Maps Redis' log levels onto Logback's. */
  static void applyLogLevel(String level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(
        switch (level) {
          case "debug" -> Level.DEBUG;
          case "verbose" -> Level.DEBUG;
          case "warning" -> Level.WARN;
          case "nothing" -> Level.OFF;
          default -> Level.INFO;
        });
  }
}
