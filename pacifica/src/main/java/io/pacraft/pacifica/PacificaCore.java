package io.pacraft.pacifica;

import io.pacraft.replication.Clock;
import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.PublishedLease;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import io.pacraft.replication.Transport;
import io.pacraft.replication.disk.DiskFile;
import io.pacraft.replication.disk.StagedSnapshot;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.log.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One PacificA replica, deterministic and single-threaded: everything runs on the group's scheduler,
 * time comes from the environment's clock, messages from its transport.
 *
 * <p>The primary of configuration version v assigns each entry the next index (its serial number)
 * and v as its term, and prepares it to every secondary and learner; an entry commits once every
 * secondary of configuration v has acknowledged it durable <em>in configuration v</em> (an
 * acknowledgement names the version and primary of the prepare it answers, and one given under
 * another configuration is never counted) and the primary holds it: synced, unless v has two or
 * more secondaries and no configuration change is under way (then its own sync follows).
 * A restarted primary of such a configuration may have lost what it committed unsynced, so it never
 * takes the primacy again from its own log: a secondary does. The commit point travels on later
 * prepares and on beacons (empty prepares stamped with their send time).
 *
 * <p>Leases: a secondary that acknowledges a beacon promises not to ask for the primacy for the grace
 * period from its receipt; the primary serves reads while, for every secondary, the send time of the
 * last beacon it acknowledged plus the lease is in the future. With grace &gt; lease + clock drift,
 * no secondary can become primary while the old primary still serves.
 *
 * <p>Every configuration change goes through the configuration manager ({@link ConfigManager}), which
 * accepts a change only from the holder of the current version: a secondary that heard no beacon for
 * the grace period asks to become primary (demoting the old one to learner); a primary whose lease on
 * a secondary lapsed demotes it; a primary promotes a learner once it has caught up. A new primary
 * reconciles: it appends a no-op in its version and re-prepares everything after the commit point it
 * knows; replicas drop entries it does not have; it serves reads once the no-op committed.
 */
final class PacificaCore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PacificaCore.class);
  static final byte NOOP = 1;
  private static final long MS = 1_000_000L;

  private final GroupSpec spec;
  private final PacificaSettings settings;
  private final StateMachine sm;
  private final Environment env;
  /** Runs the applier's completion of a batch's futures (the replica's proposal queue holds offers meanwhile). */
  Consumer<Runnable> completer = Runnable::run;
  private final LogStore store;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Set<Defect> defects;
  private final NodeId self;
  private final String group;
  private final Transport data;
  private final ReplicaGroup cm;
  private final io.pacraft.replication.ConfigurationStore manager;
  /** The configuration this group was bootstrapped with (NONE for a replica that joined). */
  private final GroupConfig bootstrap;

  // durable (hard state): the configuration this replica knows, and the version at which it asked
  // to become primary (it answers no beacon of that version afterwards)
  GroupConfig config = GroupConfig.NONE;
  private long requestedPrimacyAt;
  /**
   * The version this replica took as primary with its own sync deferred (two or more secondaries,
   * {@code primary-sync=deferred}): durable before any commit that skips its sync.
   */
  private long deferredAt;
  /**
   * Restarted as the primary of a version it held with its sync deferred: it may have lost entries
   * it committed, so it does not reclaim that version's primacy.
   */
  private boolean mayHaveLostCommits;
  private boolean requestDurable;
  private long hardDurableVersion;

  /** Primary of {@code config.version()} in this incarnation (only then may it create entries). */
  boolean primaryHere;
  long commit;
  private long durableIndex;
  private final ArrayDeque<long[]> pendingAppends = new ArrayDeque<>();
  private long applySubmitted;
  /** What the state machine is known (on this thread) to have applied or restored. */
  private long appliedConfirmed;
  private boolean installing;

  // secondary / learner
  private long matchedUpTo;
  private long knownCommit;
  private long lastHeard;
  private long lastBeaconTime;
  /** What the last acknowledgement in this version said: another is sent only when it says more. */
  private long lastAckedMatch = -1;
  private long lastAckedBeacon;

  // primary
  private final Map<NodeId, Peer> peers = new HashMap<>();
  long noopIndex;
  private long becamePrimaryAt;
  private boolean promoting;
  private boolean transferring;
  private final TreeMap<Long, CompletableFuture<Object>> proposals = new TreeMap<>();
  private final List<Admin> admin = new ArrayList<>();

  // configuration manager requests
  private CmRequestState outstanding;
  /** The outstanding request waits for this primary's log and configuration to be durable. */
  private boolean cmRequestHeld;
  /** A snapshot for compaction is being taken on the applier. */
  private boolean compacting;
  private int cmTarget;

  // snapshots: the image shipped to replicas the log no longer reaches, and one being received
  static final String STAGING = "pacifica-snapshot.staging";
  private Shipping shipping;
  private boolean snapshotRequested;
  private long stagingIndex = -1;
  private long stagingOffset;
  private DiskFile stagingFile;

  private Scheduler.Cancellable tick;
  private boolean closed;

  // published for other threads
  volatile Role publishedRole = Role.FOLLOWER;
  volatile NodeId publishedPrimary;
  volatile Membership publishedMembership = Membership.empty();
  volatile long publishedCommit;
  final PublishedLease publishedLease = new PublishedLease();

  private static final class Peer {
    long match;
    long next;
    long lastBeaconAck;
    /** Answered since the last beacon: worth re-sending unacknowledged entries to. */
    boolean heard;
    Shipping snap;
    long snapOffset;
  }

  /** A state-machine image being shipped, closed once replaced and no replica needs it. */
  private static final class Shipping {
    final Snapshot snapshot;
    final long index;
    final long term;
    int users;
    boolean replaced;

    Shipping(Snapshot snapshot, long index, long term) {
      this.snapshot = snapshot;
      this.index = index;
      this.term = term;
    }

    void release() {
      if (--users == 0 && replaced) {
        snapshot.close();
      }
    }
  }

  private record CmRequestState(long id, long expected, GroupConfig proposed, Runnable onAccepted, long[] sentAt) {}

  private record Admin(MembershipChange change, CompletableFuture<Void> future) {}

  /**
   * @param cm the embedded configuration manager's replica, or null when {@code manager} is given
   * @param manager the environment's configuration manager (a node's meta group), or null when
   *     the manager is embedded
   */
  PacificaCore(
      GroupSpec spec,
      PacificaSettings settings,
      StateMachine sm,
      Environment env,
      Transport data,
      ReplicaGroup cm,
      io.pacraft.replication.ConfigurationStore manager,
      Set<Defect> defects) {
    this.spec = spec;
    this.settings = settings;
    this.sm = sm;
    this.env = env;
    this.store = env.logStore();
    this.clock = env.clock();
    this.scheduler = env.scheduler();
    this.defects = defects;
    this.self = spec.self();
    this.group = spec.group().name();
    this.data = data;
    this.cm = cm;
    this.manager = manager;
    this.bootstrap = bootstrapConfig(spec.bootstrap());
  }

  /** The configuration a group starts from: its bootstrap members, the first voter as primary, version 1. */
  static GroupConfig bootstrapConfig(Membership bootstrap) {
    if (bootstrap.members().isEmpty()) {
      return GroupConfig.NONE;
    }
    NodeId primary = null;
    for (Member m : bootstrap.members()) {
      if (m.voter()) {
        primary = m.id();
        break;
      }
    }
    return new GroupConfig(1, primary, bootstrap.members());
  }

  // ---------------------------------------------------------------- start, close

  void start() {
    byte[] hs = store.hardState();
    boolean fresh = hs.length == 0 && store.lastIndex() == 0;
    if (hs.length == 0) {
      config = bootstrapConfig(spec.bootstrap());
      // the first primary creates entries only once its configuration is durable: restarted before
      // that, it starts afresh having created none; after, it is an earlier incarnation's primary
      boolean first = fresh && self.equals(config.primary());
      if (first) {
        deferMyOwnSyncAt(config);
      }
      persistHardState(() -> {
        if (first && !closed && config.version() == 1 && !primaryHere) {
          becomePrimary(false);
          publish();
        }
      });
    } else {
      ByteBuffer b = ByteBuffer.wrap(hs);
      config = GroupConfig.decode(b);
      requestedPrimacyAt = b.getLong();
      deferredAt = b.remaining() >= Long.BYTES ? b.getLong() : 0; // absent in hard states written before it
      mayHaveLostCommits = deferredAt == config.version() && self.equals(config.primary());
      requestDurable = true;
      hardDurableVersion = config.version();
    }
    try {
      if (env.disk().exists(STAGING)) {
        env.disk().delete(STAGING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    durableIndex = store.lastIndex();
    commit = sm.lastApplied();
    applySubmitted = commit;
    appliedConfirmed = commit;
    knownCommit = commit;
    lastHeard = clock.nanoTime();
    data.updatePeers(config.members());
    publish();
    tick = scheduler.schedule(settings.beaconIntervalMs() * MS, this::onTick);
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    publishedRole = Role.REMOVED;
    publishedPrimary = null;
    if (tick != null) {
      tick.cancel();
    }
    failProposals(new IndeterminateException("replica closed"));
    for (Admin a : admin) {
      a.future().completeExceptionally(new IllegalStateException("replica closed"));
    }
    admin.clear();
    closeStaging();
    if (shipping != null) {
      shipping.replaced = true;
      if (shipping.users == 0) {
        shipping.snapshot.close();
      }
    }
    if (cm != null) {
      cm.close();
    }
  }

  private void persistHardState(Runnable onDurable) {
    ByteBuffer b = ByteBuffer.allocate(config.encodedSize() + 16);
    config.encode(b);
    b.putLong(requestedPrimacyAt);
    b.putLong(deferredAt);
    byte[] bytes = new byte[b.position()];
    b.flip().get(bytes);
    long v = config.version();
    store.saveHardState(bytes, () -> {
      hardDurableVersion = Math.max(hardDurableVersion, v);
      sendHeldCmRequest();
      onDurable.run();
      if (!closed && !isPrimary()) {
        sendAck(config.primary(), true);
      }
    });
  }

  boolean isPrimary() {
    return primaryHere && self.equals(config.primary());
  }

  // ---------------------------------------------------------------- the log

  private void appendLog(List<LogEntry> entries) {
    long first = entries.get(0).index();
    long last = entries.get(entries.size() - 1).index();
    if (first <= durableIndex) {
      durableIndex = first - 1;
    }
    if (isPrimary() && ownSyncDeferred()) {
      store.appendDeferred(entries); // synced by the next sync of the log: syncOwnLog, a hard state
      return;
    }
    long[] rec = {first, last};
    pendingAppends.addLast(rec);
    store.append(entries, () -> logDurable(rec));
  }

  /**
   * Whether the primary counts its own log toward a commit once an entry is in it rather than once it
   * is synced: with at least two secondaries and {@code primary-sync=deferred} (recorded in the hard
   * state of the version, which must be durable), and no configuration change under way. Every committed
   * entry is then durable on every secondary (n − 1 ≥ 2 replicas, never fewer than a Raft majority),
   * and the primary's own copy follows with its next sync. A restarted primary of such a
   * configuration may have lost entries it committed, so it does not take the primacy again: a
   * secondary does (see onTick), and with fewer secondaries every commit waits for its own sync.
   */
  private boolean ownSyncDeferred() {
    return deferredAt == config.version() && hardDurableVersion >= deferredAt && outstanding == null && !promoting;
  }

  /** About to take {@code c}'s primacy: records (in the hard state written next) whether it defers its own sync. */
  private void deferMyOwnSyncAt(GroupConfig c) {
    if (settings.primarySyncDeferred() && c.secondaries().size() >= 2) {
      deferredAt = c.version();
    }
  }

  private void sendHeldCmRequest() {
    if (cmRequestHeld && outstanding != null && !closed) {
      sendCmRequest();
    }
  }

  /** Makes durable what this replica appended without asking for a sync (as primary). */
  private void syncOwnLog() {
    long last = store.lastIndex();
    long requested = pendingAppends.isEmpty() ? durableIndex : pendingAppends.peekLast()[1];
    if (last <= requested || closed) {
      return;
    }
    long[] rec = {requested + 1, last};
    pendingAppends.addLast(rec);
    store.sync(() -> logDurable(rec));
  }

  private void logDurable(long[] rec) {
    pendingAppends.remove(rec);
    long d = rec[1];
    for (long[] p : pendingAppends) {
      d = Math.min(d, p[0] - 1);
    }
    durableIndex = Math.min(d, store.lastIndex());
    if (closed) {
      return;
    }
    sendHeldCmRequest();
    if (isPrimary()) {
      maybeCommit();
    } else {
      sendAck(config.primary(), true);
      applyUpTo(Math.min(knownCommit, ackable()));
    }
  }

  private long ackable() {
    return Math.min(matchedUpTo, durableIndex);
  }

  private void applyUpTo(long upTo) {
    upTo = Math.min(upTo, store.lastIndex());
    if (upTo > commit) {
      commit = upTo;
      publishedCommit = commit;
      publishReadState(); // before anything newly committed can be applied and acknowledged
    }
    while (applySubmitted < commit) {
      long from = applySubmitted + 1;
      List<LogEntry> batch = store.entries(from, commit + 1, 4 << 20);
      List<ByteBuffer> payloads = new ArrayList<>(batch.size());
      List<CompletableFuture<Object>> futures = new ArrayList<>(batch.size());
      for (LogEntry e : batch) {
        payloads.add(ByteBuffer.wrap(e.payload()).asReadOnlyBuffer());
        futures.add(proposals.remove(e.index()));
      }
      applySubmitted += batch.size();
      long last = from + batch.size() - 1;
      env.applier().execute(() -> {
        Object[] results = sm.apply(from, payloads);
        completer.accept(() -> {
          for (int i = 0; i < results.length; i++) {
            CompletableFuture<Object> f = futures.get(i);
            if (f != null) {
              f.complete(results[i]);
            }
          }
        });
        scheduler.execute(() -> {
          appliedConfirmed = Math.max(appliedConfirmed, last);
          maybeCompact(last);
        });
      });
    }
  }

  // ---------------------------------------------------------------- primary: proposals, prepares, commit

  void propose(List<byte[]> payloads, List<CompletableFuture<Object>> futures) {
    if (!isPrimary() || transferring) {
      NotLeaderException e = new NotLeaderException(leaderHint());
      for (CompletableFuture<Object> f : futures) {
        f.completeExceptionally(e);
      }
      return;
    }
    long index = store.lastIndex();
    List<LogEntry> entries = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      entries.add(new LogEntry(++index, config.version(), LogEntry.NORMAL, payloads.get(i)));
      proposals.put(index, futures.get(i));
    }
    appendLog(entries);
    for (Map.Entry<NodeId, Peer> e : peers.entrySet()) {
      replicate(e.getKey(), e.getValue());
    }
  }

  private Optional<NodeId> leaderHint() {
    NodeId p = config.primary();
    return p == null || (p.equals(self) && !primaryHere) ? Optional.empty() : Optional.of(p);
  }

  /** True when the log still tells the term of {@code index}, so a prepare can follow it. */
  private boolean known(long index) {
    return index == store.snapshotIndex() || (index >= store.firstIndex() && index <= store.lastIndex());
  }

  private long termAt(long index) {
    return index >= store.snapshotIndex() ? store.term(index) : store.entry(index).term();
  }

  private void replicate(NodeId to, Peer p) {
    if (!known(p.next - 1)) {
      sendSnapshot(to, p);
      return;
    }
    long window = (long) settings.maxInflightPrepares() * settings.maxPrepareEntries();
    while (p.next <= store.lastIndex() && p.next - 1 - p.match < window) {
      List<LogEntry> entries = store.entries(p.next, store.lastIndex() + 1, 1 << 20);
      if (entries.size() > settings.maxPrepareEntries()) {
        entries = entries.subList(0, settings.maxPrepareEntries());
      }
      send(to, new Message.Prepare(config, p.next - 1, termAt(p.next - 1), commit, 0, entries));
      p.next += entries.size();
    }
  }

  /**
   * A beacon: an empty prepare stamped with its send time. A replica that answered since the last
   * one gets what it has not acknowledged again (prepares may have been lost); a silent one only the
   * beacon, which probes where its log stands.
   */
  private void beacon(NodeId to, Peer p) {
    boolean heard = p.heard;
    p.heard = false;
    if (heard && p.match < store.lastIndex()) {
      p.next = p.match + 1;
    }
    long prev = known(p.next - 1) ? p.next - 1 : store.snapshotIndex();
    send(to, new Message.Prepare(config, prev, termAt(prev), commit, clock.nanoTime(), List.of()));
    if (heard) {
      replicate(to, p);
    }
  }

  private void maybeCommit() {
    if (!isPrimary() || promoting) {
      return;
    }
    List<Long> acked = new ArrayList<>();
    for (NodeId s : config.secondaries()) {
      Peer p = peers.get(s);
      acked.add(p == null ? 0 : p.match);
    }
    if (defects.contains(Defect.COMMIT_WITH_ONE_ACK_MISSING) && !acked.isEmpty()) {
      acked.sort(null);
      acked.remove(0);
    }
    long c;
    if (ownSyncDeferred()) {
      c = store.lastIndex();
    } else {
      c = durableIndex;
      syncOwnLog(); // what was appended while the sync was deferred
    }
    for (long a : acked) {
      c = Math.min(c, a);
    }
    if (c > commit) {
      applyUpTo(c);
    }
  }

  private void onAck(NodeId from, Message.Ack a) {
    if (a.version() > config.version()) {
      if (primaryHere) {
        stepDown("a replica holds version " + a.version());
      }
      return;
    }
    if (!isPrimary() || a.version() != config.version() || !self.equals(a.primary())) {
      return; // an acknowledgement of another configuration never counts
    }
    Peer p = peers.get(from);
    if (p == null) {
      return;
    }
    p.heard = true;
    if (a.beaconTime() > p.lastBeaconAck) {
      p.lastBeaconAck = a.beaconTime();
      publishReadState();
    }
    if (a.success()) {
      if (a.match() > p.match) {
        p.match = Math.min(a.match(), store.lastIndex());
      }
      p.next = Math.max(p.next, p.match + 1);
      if (p.snap != null && p.match >= p.snap.index) {
        p.snap.release();
        p.snap = null;
      }
      maybeCommit();
    } else {
      p.next = Math.max(p.match + 1, Math.min(p.next, a.match() + 1));
    }
    replicate(from, p);
  }

  /** True while this replica may serve a linearizable read: primary, reconciled, under its lease. */
  boolean serving() {
    if (!isPrimary() || transferring || commit < noopIndex) {
      return false;
    }
    return defects.contains(Defect.SERVE_AFTER_LEASE_EXPIRY) || clock.nanoTime() < leaseEnd();
  }

  /**
   * When the primary's lease ends: the earliest, over the secondaries, of the send time of the last
   * beacon each acknowledged plus the lease period; 0 if a secondary has acknowledged none. With no
   * secondary the lease never ends.
   */
  private long leaseEnd() {
    long lease = settings.leaseMs() * MS;
    long end = Long.MAX_VALUE;
    for (NodeId s : config.secondaries()) {
      Peer p = peers.get(s);
      if (p == null || p.lastBeaconAck == 0) {
        return 0;
      }
      end = Math.min(end, p.lastBeaconAck + lease);
    }
    return end;
  }

  /**
   * What lets other threads serve a lease read without a trip through the scheduler (see {@link
   * PacificaReplica#readBarrier()}): while this replica is a reconciled primary not handing its
   * primacy over, {@link #publishedLease} holds its lease's end and the commit point; it is
   * revoked otherwise. Published before any newly committed entry is applied, so no
   * acknowledged write lies beyond the published index. A broken variant that serves past its
   * lease publishes nothing and answers on the scheduler.
   */
  private void publishReadState() {
    if (isPrimary()
        && !transferring
        && (commit >= noopIndex || defects.contains(Defect.PUBLISH_LEASE_BEFORE_RECONCILED))
        && !defects.contains(Defect.SERVE_AFTER_LEASE_EXPIRY)) {
      long until = leaseEnd();
      if (until != 0) {
        publishedLease.publish(commit, until);
        return;
      }
    }
    publishedLease.revoke();
  }

  void readBarrier(CompletableFuture<Long> f) {
    if (serving()) {
      f.complete(commit);
    } else {
      f.completeExceptionally(new NotLeaderException(leaderHint()));
    }
  }

  private void becomePrimary(boolean continuing) {
    if (!primaryHere) {
      LOG.info("{} became primary of {} at configuration version {}", self, group, config.version());
    }
    primaryHere = true;
    transferring = false;
    if (!continuing) {
      becamePrimaryAt = clock.nanoTime();
      peers.clear();
      long index = store.lastIndex() + 1;
      appendLog(List.of(new LogEntry(index, config.version(), NOOP, new byte[0])));
      noopIndex = index;
    }
    Map<NodeId, Peer> old = new HashMap<>(peers);
    peers.clear();
    for (NodeId n : config.peers()) {
      Peer p = new Peer();
      Peer before = old.get(n);
      p.lastBeaconAck = before == null ? 0 : before.lastBeaconAck;
      p.next = store.lastIndex() + 1;
      peers.put(n, p);
    }
    for (Map.Entry<NodeId, Peer> e : peers.entrySet()) {
      beacon(e.getKey(), e.getValue());
    }
    maybeCommit();
  }

  private void stepDown(String why) {
    primaryHere = false;
    transferring = false;
    promoting = false;
    peers.clear();
    failProposals(new IndeterminateException("no longer primary: " + why));
    publish();
  }

  private void failProposals(RuntimeException e) {
    for (CompletableFuture<Object> f : proposals.values()) {
      f.completeExceptionally(e);
    }
    proposals.clear();
  }

  // ---------------------------------------------------------------- secondary and learner

  private void onPrepare(NodeId from, Message.Prepare p) {
    if (!fromCurrentPrimary(from, p.config())) {
      return;
    }
    if (p.beaconTime() != 0) {
      lastHeard = clock.nanoTime();
      lastBeaconTime = p.beaconTime();
    }
    knownCommit = Math.max(knownCommit, p.commit());
    long prev = p.prevIndex();
    // entries up to the snapshot point are applied, hence committed, hence the primary's too
    if (prev > store.lastIndex() || (prev >= store.snapshotIndex() && store.term(prev) != p.prevTerm())) {
      long hint = Math.min(store.lastIndex(), prev - 1);
      if (prev <= store.lastIndex()) {
        long conflict = store.term(prev);
        while (hint > store.snapshotIndex() && store.term(hint) == conflict) {
          hint--;
        }
      }
      send(from, new Message.Ack(config.version(), config.primary(), false, Math.max(0, hint), lastBeaconTime));
      return;
    }
    List<LogEntry> entries = p.entries();
    int i = 0;
    while (i < entries.size() && entries.get(i).index() <= store.lastIndex()
        && (entries.get(i).index() <= store.snapshotIndex() || store.term(entries.get(i).index()) == entries.get(i).term())) {
      i++;
    }
    long end = prev + entries.size();
    if (i < entries.size()) {
      boolean truncating = entries.get(i).index() <= store.lastIndex();
      appendLog(entries.subList(i, entries.size()));
      matchedUpTo = truncating ? end : Math.max(matchedUpTo, end);
    } else {
      matchedUpTo = Math.max(matchedUpTo, end);
    }
    sendAck(config.primary(), true);
    applyUpTo(Math.min(knownCommit, ackable()));
  }

  /**
   * Whether a message of the primary of {@code c} is to be answered: adopts {@code c} when newer;
   * tells the sender of an older one that it is stale; refuses when this replica asked to become
   * primary at this version (it answers none of its primary's messages any more) or is not a member.
   */
  private boolean fromCurrentPrimary(NodeId from, GroupConfig c) {
    if (c.version() < config.version()) {
      send(from, new Message.Ack(config.version(), c.primary() == null ? from : c.primary(), false, 0, 0));
      return false;
    }
    if (self.equals(c.primary()) || c.primary() == null) {
      return false;
    }
    if (c.version() > config.version()) {
      adopt(c, false);
    }
    return !primaryHere && requestedPrimacyAt < config.version() && config.contains(self);
  }

  private void sendAck(NodeId primary, boolean success) {
    if (primary == null || primary.equals(self) || primaryHere || requestedPrimacyAt >= config.version()
        || hardDurableVersion < config.version() || !config.contains(self)) {
      return;
    }
    long match = ackable();
    if (match == lastAckedMatch && lastBeaconTime == lastAckedBeacon) {
      return; // nothing new to say; beacons and durable progress bring the next one
    }
    lastAckedMatch = match;
    lastAckedBeacon = lastBeaconTime;
    send(primary, new Message.Ack(config.version(), primary, success, match, lastBeaconTime));
  }

  // ---------------------------------------------------------------- configurations

  /** Takes {@code c} as this replica's configuration if it is newer; {@code mine}: this incarnation proposed it. */
  private void adopt(GroupConfig c, boolean mine) {
    if (c.version() <= config.version()) {
      return;
    }
    GroupConfig old = config;
    boolean wasPrimary = isPrimary();
    config = c;
    matchedUpTo = 0;
    lastAckedMatch = -1;
    lastHeard = clock.nanoTime();
    mayHaveLostCommits = false;
    if (self.equals(c.primary()) && mine) {
      deferMyOwnSyncAt(c);
    }
    persistHardState(() -> {});
    syncOwnLog(); // a primary's deferred entries, for its acknowledgements if it is one no more
    data.updatePeers(c.members());
    if (self.equals(c.primary()) && mine) {
      becomePrimary(wasPrimary && self.equals(old.primary()));
    } else if (primaryHere) {
      stepDown("configuration " + c);
    }
    for (Iterator<Admin> it = admin.iterator(); it.hasNext(); ) {
      Admin a = it.next();
      if (satisfied(a.change())) {
        it.remove();
        a.future().complete(null);
      }
    }
    publish();
  }

  private boolean satisfied(MembershipChange change) {
    if (change instanceof MembershipChange.AddLearner a) {
      return config.contains(a.member().id());
    }
    if (change instanceof MembershipChange.Promote p) {
      return config.isVoter(p.node());
    }
    return !config.contains(((MembershipChange.Remove) change).node());
  }

  private void requestChange(GroupConfig proposed, Runnable onAccepted) {
    if (outstanding != null) {
      return;
    }
    // request ids are drawn at random so that a reply meant for an earlier incarnation never matches
    outstanding = new CmRequestState(env.random().nextLong() & Long.MAX_VALUE, config.version(), proposed, onAccepted, new long[1]);
    sendCmRequest();
  }

  private void sendCmRequest() {
    CmRequestState r = outstanding;
    r.sentAt()[0] = clock.nanoTime();
    if (isPrimary() && (durableIndex < commit || hardDurableVersion < config.version())) {
      // A primary asks nothing of the manager before its log holds durably everything it committed
      // (with its sync deferred it may not) and its configuration is durable: a configuration the
      // manager derives from the request may make it primary again after a crash, reconciling from
      // that log. Meanwhile commits wait for its sync (a request is outstanding); sent once synced.
      cmRequestHeld = true;
      syncOwnLog();
      return;
    }
    cmRequestHeld = false;
    if (manager != null) {
      askManager(r);
      return;
    }
    byte[] change = new ConfigManager.Change(group, r.expected(), r.proposed()).toBytes();
    NodeId leader = cm.leader().orElse(null);
    if (leader == null && cm.role() != Role.LEADER) {
      // no leader known here (a replica added after bootstrap is not in the manager's group): try
      // the members in turn; whoever gets it forwards nothing, it proposes or says "not decided"
      List<Member> ms = config.members();
      leader = ms.isEmpty() ? self : ms.get(Math.floorMod(cmTarget++, ms.size())).id();
    }
    if (leader == null || leader.equals(self)) {
      putToManager(change, (decided, d) -> onCmReply(new Message.CmReply(r.id(), decided, d != null && d.accepted(), d == null ? GroupConfig.NONE : d.current())));
    } else {
      send(leader, new Message.CmRequest(r.id(), change));
    }
  }

  /**
   * Sends {@code r} to the environment's configuration manager. A manager that has no
   * configuration for the group yet is first given the bootstrap configuration (every bootstrap
   * replica computes the same one, so whichever arrives first installs it); the request itself is
   * sent again when it times out.
   */
  private void askManager(CmRequestState r) {
    io.pacraft.replication.GroupId gid = spec.group();
    manager.compareAndSet(gid, r.expected(), toManager(r.proposed()), r.id())
        .whenComplete((outcome, err) -> scheduler.execute(() -> {
          if (closed) {
            return;
          }
          if (err == null) {
            GroupConfig c = new GroupConfig(outcome.current().version(), outcome.current().primary(), outcome.current().members());
            onCmReply(new Message.CmReply(r.id(), true, outcome.accepted(), c));
            return;
          }
          Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
          if (cause instanceof IllegalStateException && bootstrap.version() > 0 && r.expected() > 0) {
            manager.compareAndSet(gid, 0, toManager(bootstrap), env.random().nextLong() & Long.MAX_VALUE);
          }
        }));
  }

  private static io.pacraft.replication.GroupConfiguration toManager(GroupConfig c) {
    return new io.pacraft.replication.GroupConfiguration(Math.max(1, c.version()), c.primary(), c.members());
  }

  private interface DecisionHandler {
    void handle(boolean decided, ConfigManager.Decision d);
  }

  private void putToManager(byte[] change, DecisionHandler h) {
    cm.propose(ByteBuffer.wrap(change)).whenComplete((res, err) -> scheduler.execute(() -> {
      if (closed) {
        return;
      }
      if (err == null && res instanceof ConfigManager.Decision d) {
        h.handle(true, d);
      } else {
        h.handle(false, null);
      }
    }));
  }

  private void onCmReply(Message.CmReply r) {
    if (!r.decided()) {
      return; // asked again when the request times out
    }
    CmRequestState o = outstanding;
    if (o == null || r.id() != o.id()) {
      adopt(r.config(), false);
      return;
    }
    outstanding = null;
    cmRequestHeld = false;
    promoting = false;
    GroupConfig c = r.config();
    // Only an acceptance of this very request makes the configuration this incarnation's own. A
    // rejection showing exactly what was proposed means an earlier attempt won: possibly one of an
    // earlier incarnation, which may have created entries in that version, so the primacy it gives
    // is taken again through a new version (reclaim).
    boolean took = r.accepted() || (c.version() == o.expected() + 1 && c.sameShape(o.proposed()));
    adopt(c, r.accepted());
    if (took) {
      o.onAccepted().run();
    }
    maybeCommit();
  }

  // ---------------------------------------------------------------- timer

  private void onTick() {
    if (closed) {
      return;
    }
    tick = scheduler.schedule(settings.beaconIntervalMs() * MS, this::onTick);
    syncOwnLog();
    long now = clock.nanoTime();
    if (outstanding != null && now - outstanding.sentAt()[0] >= settings.cmRequestTimeoutMs() * MS) {
      sendCmRequest();
    }
    if (isPrimary()) {
      for (Map.Entry<NodeId, Peer> e : peers.entrySet()) {
        beacon(e.getKey(), e.getValue());
      }
      if (outstanding == null && !transferring) {
        primaryReconfigure(now);
      }
    } else if (self.equals(config.primary())) {
      // primary of this version in an earlier incarnation: it may have lost unsynced entries. Unless
      // it held this version with its sync deferred, it committed nothing before its own sync (and
      // the hard state of this version synced what it committed deferred in earlier ones), so it
      // takes a new version before creating any; if it did, it may have lost entries it committed,
      // so its log is no authority: a secondary takes over after the grace period and this replica
      // rejoins as a learner.
      if (!mayHaveLostCommits || defects.contains(Defect.RESTARTED_PRIMARY_TRUSTS_ITS_LOG)) {
        requestChange(config, () -> {});
      }
    } else if (config.isVoter(self) && config.primary() != null && requestedPrimacyAt < config.version()
        && now - lastHeard >= settings.graceMs() * MS) {
      requestedPrimacyAt = config.version();
      requestDurable = false;
      GroupConfig proposed = config.withPrimary(self);
      Member old = config.member(config.primary());
      if (old != null) {
        proposed = proposed.withMember(old, false);
      }
      GroupConfig p = proposed;
      persistHardState(() -> {
        requestDurable = true;
        if (config.version() == p.version()) {
          requestChange(p, () -> {});
        }
      });
    } else if (requestedPrimacyAt == config.version() && requestDurable && outstanding == null && config.isVoter(self)) {
      // asked before a crash: ask again (the answer, accepted or not, brings the current version)
      GroupConfig proposed = config.withPrimary(self);
      Member old = config.member(config.primary());
      requestChange(old == null ? proposed : proposed.withMember(old, false), () -> {});
    }
  }

  private void primaryReconfigure(long now) {
    long lease = settings.leaseMs() * MS;
    for (NodeId s : config.secondaries()) {
      Peer p = peers.get(s);
      if (now - Math.max(p.lastBeaconAck, becamePrimaryAt) >= lease) {
        requestChange(config.withMember(config.member(s), false), () -> {});
        return;
      }
    }
    if (!admin.isEmpty()) {
      Admin a = admin.get(0);
      if (satisfied(a.change())) {
        admin.remove(0);
        a.future().complete(null);
        return;
      }
      if (a.change() instanceof MembershipChange.AddLearner add) {
        requestChange(config.withMember(add.member(), false), () -> {});
        return;
      }
      if (a.change() instanceof MembershipChange.Remove rm) {
        requestChange(config.without(rm.node()), () -> {});
        return;
      }
    }
    if (commit < noopIndex) {
      return;
    }
    for (Member m : config.members()) {
      Peer p = peers.get(m.id());
      if (!m.voter() && p != null && p.match >= commit && p.match >= noopIndex) {
        promoting = true; // no commit in this version until the manager answers: every entry
        // committed in it must be on the learner
        requestChange(config.withMember(m, true), () -> {});
        return;
      }
    }
  }

  // ---------------------------------------------------------------- membership and transfer

  void changeMembership(MembershipChange change, CompletableFuture<Void> f) {
    if (!isPrimary()) {
      f.completeExceptionally(new NotLeaderException(leaderHint()));
      return;
    }
    if (change instanceof MembershipChange.Remove r && r.node().equals(self)) {
      f.completeExceptionally(new IllegalArgumentException("the primary cannot remove itself; transfer the primacy first"));
      return;
    }
    if (satisfied(change)) {
      f.complete(null);
      return;
    }
    admin.add(new Admin(change, f));
  }

  void transferLeadership(NodeId to, CompletableFuture<Void> f) {
    if (!isPrimary()) {
      f.completeExceptionally(new NotLeaderException(leaderHint()));
      return;
    }
    if (!config.isVoter(to) || to.equals(self)) {
      f.completeExceptionally(new IllegalArgumentException(to + " is not a secondary of this group"));
      return;
    }
    if (outstanding != null) {
      f.completeExceptionally(new IllegalStateException("a configuration change is in progress; try again"));
      return;
    }
    transferring = true; // stop serving before the manager can name another primary
    publishReadState();
    failProposals(new IndeterminateException("primacy transferred"));
    requestChange(config.withPrimary(to), () -> {
      send(to, new Message.CmReply(-1, true, true, config));
      f.complete(null);
    });
    if (outstanding == null || !outstanding.proposed().primary().equals(to)) {
      transferring = false;
      publishReadState();
      f.completeExceptionally(new IllegalStateException("a configuration change is in progress; try again"));
    }
  }

  // ---------------------------------------------------------------- messages

  void receive(NodeId from, ByteBuffer message) {
    if (closed) {
      return;
    }
    Message m;
    try {
      m = Message.decode(message);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (m instanceof Message.Prepare p) {
      onPrepare(from, p);
    } else if (m instanceof Message.Ack a) {
      onAck(from, a);
    } else if (m instanceof Message.CmRequest r && cm != null) {
      putToManager(r.change(), (decided, d) -> send(from, new Message.CmReply(r.id(), decided, d != null && d.accepted(), d == null ? GroupConfig.NONE : d.current())));
    } else if (m instanceof Message.CmReply r) {
      onCmReply(r);
    } else if (m instanceof Message.SnapshotChunk c) {
      onSnapshotChunk(from, c);
    } else if (m instanceof Message.SnapshotAck a) {
      onSnapshotAck(from, a);
    }
    publish();
  }

  private void send(NodeId to, Message m) {
    data.send(to, Message.encode(m));
  }

  // ---------------------------------------------------------------- snapshots and compaction

  /**
   * Compacts the log through a state-machine snapshot once enough has been applied since the last
   * one: applying does not make the state machine durable (kv-server's RocksDB runs without a WAL),
   * taking a snapshot does, so the log may drop only what a snapshot covers.
   */
  private void maybeCompact(long applied) {
    if (closed || compacting || applied - store.snapshotIndex() < settings.snapshotEntries() || !known(applied)
        || applied == store.snapshotIndex()) {
      return;
    }
    compacting = true;
    env.applier().execute(() -> {
      long taken;
      try (Snapshot s = sm.snapshot()) {
        taken = s.lastIndex();
      }
      scheduler.execute(() -> {
        compacting = false;
        if (!closed && taken > store.snapshotIndex() && known(taken)) {
          store.compact(taken, termAt(taken), settings.snapshotRetainEntries(), () -> {});
        }
      });
    });
  }

  /** Sends {@code to} the next chunk of the shipping image, asking the state machine for one first. */
  private void sendSnapshot(NodeId to, Peer p) {
    if (shipping == null || !known(shipping.index)) {
      if (!snapshotRequested) {
        snapshotRequested = true;
        env.applier().execute(() -> {
          Snapshot s = sm.snapshot();
          scheduler.execute(() -> onShippingSnapshot(s));
        });
      }
      return;
    }
    if (p.snap != shipping) {
      if (p.snap != null) {
        p.snap.release();
      }
      p.snap = shipping;
      shipping.users++;
      p.snapOffset = 0;
    }
    Shipping sh = p.snap;
    long size = sh.snapshot.size();
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(0, Math.min(settings.snapshotChunkBytes(), size - p.snapOffset)));
    try {
      while (chunk.hasRemaining() && sh.snapshot.read(p.snapOffset + chunk.position(), chunk) > 0) {
        // read the whole chunk
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the snapshot at " + sh.index, e);
    }
    byte[] data = new byte[chunk.position()];
    chunk.flip().get(data);
    send(to, new Message.SnapshotChunk(config, sh.index, sh.term, p.snapOffset, size, data));
  }

  private void onShippingSnapshot(Snapshot s) {
    snapshotRequested = false;
    long index = s.lastIndex();
    if (closed || !known(index)) {
      s.close();
      return;
    }
    if (shipping != null) {
      shipping.replaced = true;
      if (shipping.users == 0) {
        shipping.snapshot.close();
      }
    }
    shipping = new Shipping(s, index, termAt(index));
    if (isPrimary()) {
      for (Map.Entry<NodeId, Peer> e : peers.entrySet()) {
        if (!known(e.getValue().next - 1)) {
          sendSnapshot(e.getKey(), e.getValue());
        }
      }
    }
  }

  private void onSnapshotAck(NodeId from, Message.SnapshotAck a) {
    if (!isPrimary() || a.version() != config.version() || !self.equals(a.primary())) {
      return;
    }
    Peer p = peers.get(from);
    if (p == null || p.snap == null || p.snap.index != a.index()) {
      return;
    }
    p.heard = true;
    p.snapOffset = a.offset();
    if (a.offset() < p.snap.snapshot.size()) {
      sendSnapshot(from, p);
    }
  }

  private void onSnapshotChunk(NodeId from, Message.SnapshotChunk c) {
    if (!fromCurrentPrimary(from, c.config())) {
      return;
    }
    NodeId primary = config.primary();
    if (installing) {
      return; // the state machine is restoring an image; the primary sends again at a beacon
    }
    if (c.index() <= appliedConfirmed) {
      // This state machine already holds the image's state, but applied is not durable: a
      // snapshot of its own makes it so before the log drops what a crash would need to replay.
      installing = true;
      long index = c.index();
      long term = c.term();
      env.applier().execute(() -> {
        sm.snapshot().close();
        scheduler.execute(() -> {
          installing = false;
          snapshotInstalled(index, term);
        });
      });
      return;
    }
    if (c.index() <= applySubmitted) {
      return; // entries up to it are being applied: once they are, the image is not needed
    }
    try {
      if (c.index() != stagingIndex) {
        if (c.offset() != 0) {
          send(primary, new Message.SnapshotAck(config.version(), primary, c.index(), 0));
          return;
        }
        closeStaging();
        if (env.disk().exists(STAGING)) {
          env.disk().delete(STAGING);
        }
        stagingFile = env.disk().open(STAGING, true);
        stagingIndex = c.index();
        stagingOffset = 0;
      }
      if (c.offset() != stagingOffset) {
        send(primary, new Message.SnapshotAck(config.version(), primary, stagingIndex, stagingOffset));
        return;
      }
      stagingFile.write(stagingOffset, ByteBuffer.wrap(c.data()));
      stagingOffset += c.data().length;
      send(primary, new Message.SnapshotAck(config.version(), primary, stagingIndex, stagingOffset));
      if (stagingOffset < c.size()) {
        return;
      }
      stagingFile.sync();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stage snapshot " + c.index(), e);
    }
    DiskFile file = stagingFile;
    stagingFile = null;
    stagingIndex = -1;
    long index = c.index();
    long term = c.term();
    long size = c.size();
    // nothing at or below the image is applied from the log any more: it replaces all of that
    applySubmitted = index;
    knownCommit = Math.max(knownCommit, index);
    installing = true;
    LOG.info("{} restores the snapshot at {} ({} bytes) from {}", self, index, size, primary);
    env.applier().execute(() -> {
      try (Snapshot staged = new StagedSnapshot(file, index, size)) {
        sm.restore(staged);
      }
      scheduler.execute(() -> {
        installing = false;
        appliedConfirmed = Math.max(appliedConfirmed, index);
        snapshotInstalled(index, term);
      });
    });
  }

  /** The state machine holds the image at {@code index}: the log restarts after it. */
  private void snapshotInstalled(long index, long term) {
    if (closed) {
      return;
    }
    boolean compact = index > store.snapshotIndex();
    if (compact) {
      // acknowledged once the compaction is durable: a crash before brings back the log without it,
      // below a match the primary would keep for this replica (it re-sent the same prepare forever)
      store.compact(index, term, 0, () -> snapshotDurable(index));
    }
    if (index > commit) {
      commit = index; // only now: until the compaction the log may still hold entries it replaces
      publishedCommit = commit;
    }
    if (!compact) {
      snapshotDurable(index);
    }
  }

  private void snapshotDurable(long index) {
    if (closed) {
      return;
    }
    matchedUpTo = Math.max(matchedUpTo, index);
    lastAckedMatch = -1;
    if (store.lastIndex() == index) {
      durableIndex = Math.max(durableIndex, index);
    }
    sendAck(config.primary(), true);
  }

  private void closeStaging() {
    if (stagingFile != null) {
      try {
        stagingFile.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      stagingFile = null;
    }
    stagingIndex = -1;
  }

  // ---------------------------------------------------------------- status

  Role role() {
    if (isPrimary()) {
      return Role.LEADER;
    }
    if (config.isVoter(self)) {
      return Role.FOLLOWER;
    }
    return config.contains(self) ? Role.LEARNER : Role.REMOVED;
  }

  private void publish() {
    publishedRole = role();
    publishedPrimary = leaderHint().orElse(null);
    publishedMembership = config.membership();
    publishedCommit = commit;
    publishReadState();
  }

  Map<String, String> status() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("role", role().name().toLowerCase(java.util.Locale.ROOT));
    s.put("configuration_version", Long.toString(config.version()));
    s.put("primary", config.primary() == null ? "" : config.primary().id());
    s.put("serving", serving() ? "yes" : "no");
    s.put("commit_index", Long.toString(commit));
    s.put("applied_index", Long.toString(sm.lastApplied()));
    store.putStatus(s);
    s.put("members", Integer.toString(config.members().size()));
    for (Map.Entry<NodeId, Peer> e : new TreeMap<>(peers).entrySet()) {
      String kind = config.isVoter(e.getKey()) ? "secondary" : "learner";
      s.put(kind + "." + e.getKey().id() + ".match_index", Long.toString(e.getValue().match));
      s.put(kind + "." + e.getKey().id() + ".lag", Long.toString(Math.max(0, store.lastIndex() - e.getValue().match)));
    }
    return s;
  }

  /** The replica's log, for the simulator's invariants. */
  LogStore log() {
    return store;
  }

  long durableIndex() {
    return durableIndex;
  }
}
