package io.pacraft.server.client;

import io.pacraft.resp.RespValue;
import io.pacraft.server.Node;
import io.pacraft.server.pubsub.Subscriptions;
import io.pacraft.server.state.LogCommand;
import io.pacraft.server.storage.ByteString;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client connection's state as commands see it: protocol version, name, authentication, and
 * the means to push a message or close the connection. Accessed only on the connection's event
 * loop.
 */
public final class ClientSession {
  private final long id;
  private final Node node;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final long createdMillis;
  private final Connection connection;
  private volatile long lastInteractionMillis;
  private int protocol = 2;
  private String name = "";
  private String libName = "";
  private String libVersion = "";
  private boolean authenticated;
  /** Read by CLIENT LIST on other threads: a plain field (a String is safely published), no fence per command. */
  private String lastCommand = "NULL";
  private boolean closeAfterReply;
  private Transaction transaction;
  private final Map<ByteString, LogCommand.Watch> watches = new LinkedHashMap<>(0);
  private final Subscriptions subscriptions = new Subscriptions();
  private volatile boolean blocked;
  private final CommandOrder order = new CommandOrder();
  private boolean readonly;

  public ClientSession(long id, Node node, InetSocketAddress remote, InetSocketAddress local, Connection connection) {
    this.id = id;
    this.node = node;
    this.remote = remote;
    this.local = local;
    this.connection = connection;
    this.createdMillis = System.currentTimeMillis();
    this.lastInteractionMillis = createdMillis;
    this.authenticated = node.config().get("requirepass").isEmpty();
  }

  public long id() {
    return id;
  }

  public Node node() {
    return node;
  }

  /** 2 or 3, as chosen by HELLO. */
  public int protocol() {
    return protocol;
  }

  public void protocol(int p) {
    this.protocol = p;
    connection.protocolChanged(p);
  }

  public String name() {
    return name;
  }

  public void name(String n) {
    this.name = n;
  }

  public String libName() {
    return libName;
  }

  public void libName(String n) {
    this.libName = n;
  }

  public String libVersion() {
    return libVersion;
  }

  public void libVersion(String v) {
    this.libVersion = v;
  }

  public boolean authenticated() {
    return authenticated || node.config().get("requirepass").isEmpty();
  }

  public void authenticated(boolean a) {
    this.authenticated = a;
  }

  public InetSocketAddress remote() {
    return remote;
  }

  public InetSocketAddress local() {
    return local;
  }

  public String addr() {
    return remote.getAddress().getHostAddress() + ":" + remote.getPort();
  }

  public String laddr() {
    return local.getAddress().getHostAddress() + ":" + local.getPort();
  }

  public long createdMillis() {
    return createdMillis;
  }

  public long lastInteractionMillis() {
    return lastInteractionMillis;
  }

  /** The command this client ran last (CLIENT LIST's {@code cmd}). */
  public void ran(String command) {
    lastCommand = command;
  }

  /** The client sent something at {@code millis} (wall clock): once per read, as Redis does. */
  public void interacted(long millis) {
    lastInteractionMillis = millis;
  }

  // Clock reads shared by the requests of one read from the socket (a pipeline): each costs about
  // as much as a small command's own work.
  private long requestsRead; // requests taken from the socket, counting the current one
  private boolean readTimeKnown;
  private long readTimeMillis;
  private long endedRequest = -1; // the request whose command ended last in this read, -1 if none
  private long endedNanos;

  /** A request was taken from the socket; {@code firstOfRead}: the first of a read. */
  public void requestRead(boolean firstOfRead) {
    requestsRead++;
    if (firstOfRead) {
      readTimeKnown = false;
      endedRequest = -1;
    }
  }

  /**
   * The node's wall-clock time for a command of the current read: read once per read, when a
   * command first needs it (a write's log entry carries it), as redis-server takes the time once
   * per pass of its event loop.
   */
  public long readTimeMillis() {
    if (!readTimeKnown) {
      readTimeMillis = node.clock().currentTimeMillis();
      readTimeKnown = true;
    }
    return readTimeMillis;
  }

  /**
   * When the command of the current request starts, for its execution time: where the command of
   * the request just before it ended, if that was in the same read (taking this request off the
   * buffer counts as this command's time, a clock read saved), else now.
   */
  public long commandStartNanos() {
    return endedRequest >= 0 && endedRequest == requestsRead - 1 ? endedNanos : System.nanoTime();
  }

  /** The current request's command ended at {@code nanos}. */
  public void commandEnded(long nanos) {
    endedRequest = requestsRead;
    endedNanos = nanos;
  }

  public String lastCommand() {
    return lastCommand;
  }

  /** CLIENT LIST flags: N for a plain connection, P subscribed, x in MULTI, b blocked, r READONLY. */
  public String flags() {
    StringBuilder sb = new StringBuilder();
    if (channelCount() + patternCount() + shardChannelCount() > 0) {
      sb.append('P');
    }
    if (multiCount() >= 0) {
      sb.append('x');
    }
    if (blocked) {
      sb.append('b');
    }
    if (readonly) {
      sb.append('r');
    }
    return sb.length() == 0 ? "N" : sb.toString();
  }

  /** CLIENT LIST / KILL type: normal or pubsub. */
  public String clientType() {
    return channelCount() + patternCount() + shardChannelCount() > 0 ? "pubsub" : "normal";
  }

  /** Channels subscribed with SUBSCRIBE. */
  public int channelCount() {
    return subscriptions.count(io.pacraft.server.pubsub.PubSub.Kind.CHANNEL);
  }

  /** Patterns subscribed with PSUBSCRIBE. */
  public int patternCount() {
    return subscriptions.count(io.pacraft.server.pubsub.PubSub.Kind.PATTERN);
  }

  /** Shard channels subscribed with SSUBSCRIBE. */
  public int shardChannelCount() {
    return subscriptions.count(io.pacraft.server.pubsub.PubSub.Kind.SHARD);
  }

  /** Commands queued in MULTI, -1 outside a transaction. */
  public int multiCount() {
    Transaction t = transaction;
    return t == null ? -1 : t.size();
  }

  // ---------------------------------------------------------------- transactions, subscriptions, blocking

  /** The transaction being queued (after MULTI), or null. */
  public Transaction transaction() {
    return transaction;
  }

  /** MULTI. */
  public void beginTransaction() {
    transaction = new Transaction();
  }

  /** EXEC or DISCARD: the queued transaction, no longer queuing. */
  public Transaction endTransaction() {
    Transaction t = transaction;
    transaction = null;
    return t;
  }

  /** A command was refused: if queuing a transaction, EXEC will abort. */
  public void flagTransaction() {
    if (transaction != null) {
      transaction.fail();
    }
  }

  /** WATCH: {@code key} as of applied index {@code index} and leader time {@code time}. */
  public void watch(byte[] key, long index, long time) {
    watches.putIfAbsent(ByteString.of(key), new LogCommand.Watch(key, index, time));
  }

  /** UNWATCH (also EXEC, DISCARD, RESET): returns what was watched. */
  public List<LogCommand.Watch> unwatch() {
    List<LogCommand.Watch> w = new ArrayList<>(watches.values());
    watches.clear();
    return w;
  }

  public Subscriptions subscriptions() {
    return subscriptions;
  }

  /** True while a blocking command waits (CLIENT LIST flag b, INFO blocked_clients). */
  public boolean blocked() {
    return blocked;
  }

  public void blocked(boolean b) {
    this.blocked = b;
  }


  /** The order this connection's keyspace commands run in (see {@link CommandOrder}). */
  public CommandOrder order() {
    return order;
  }

  /** READONLY: reads may be served by a follower from its own, possibly stale, state. */
  public boolean readonly() {
    return readonly;
  }

  public void readonly(boolean r) {
    this.readonly = r;
  }

  /** Close the connection once the replies queued so far, including this command's, are written. */
  public void closeAfterReply() {
    closeAfterReply = true;
  }

  public boolean closingAfterReply() {
    return closeAfterReply;
  }

  private volatile boolean killed;

  /** Closes the connection now (CLIENT KILL from another client); safe from any thread. */
  public void kill() {
    killed = true;
    connection.kill();
  }

  /** True once killed: CLIENT LIST and KILL no longer see it, though its socket may still be closing. */
  public boolean killed() {
    return killed;
  }

  /** Sends an out-of-band message (RESP3 push, or a pub/sub array in RESP2); safe from any thread. */
  public void push(RespValue message) {
    connection.push(message);
  }

  /** Runs {@code task} on this client's event loop. */
  public void execute(Runnable task) {
    connection.execute(task);
  }

  /** Connection facts CLIENT LIST shows: query buffer, output, flags. */
  public Connection connection() {
    return connection;
  }

  /** Resets to a new connection's state (RESET): protocol 2, no name, deauthenticated if a password is set. */
  public void reset() {
    protocol(2);
    name = "";
    readonly = false;
    authenticated = false;
    transaction = null;
    watches.clear();
    node.pubsub().unsubscribeAll(this);
  }

  /** What a session needs from the network layer. */
  public interface Connection {
    void protocolChanged(int protocol);

    void kill();

    void push(RespValue message);

    void execute(Runnable task);

    /** Replies waiting to be written (pipelined requests in flight). */
    int pendingReplies();

    /** Bytes buffered for output. */
    long outputBytes();

    /** Adds a hook run once when the connection closes. */
    void onClose(Consumer<ClientSession> hook);
  }
}
