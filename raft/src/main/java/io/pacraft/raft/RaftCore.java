package io.pacraft.raft;

import io.pacraft.replication.Clock;
import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.Membership;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.PublishedLease;
import io.pacraft.replication.Role;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import io.pacraft.replication.disk.DiskFile;
import io.pacraft.replication.disk.StagedSnapshot;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.log.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's Raft state machine, after etcd-io/raft: every input (a message, a timer, a
 * durability callback, an API call) is a step on the group's scheduler thread; time comes from the
 * environment's clock, randomness from its Random, I/O from its log store, disk and transport. No
 * locks, no threads of its own, so the simulator can run it deterministically.
 *
 * <p>Roles: follower, pre-candidate (pre-vote), candidate, leader; learners and removed replicas
 * never campaign. The leader commits by counting replicas of entries of its own term only (§5.4.2),
 * writes its log in parallel with sending it, pipelines batches under a per-follower window, and
 * steps down when it has not heard from a quorum for an election timeout (check-quorum).
 */
final class RaftCore {
  private static final Logger LOG = LoggerFactory.getLogger(RaftCore.class);

  static final byte NOOP = 1;
  static final byte CONFIG = 2;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

  private final NodeId self;
  private final GroupSpec spec;
  final RaftSettings settings;
  private final StateMachine sm;
  private final Environment env;
  /** Runs the applier's completion of a batch's futures (the replica's proposal queue holds offers meanwhile). */
  Consumer<Runnable> completer = Runnable::run;
  private final LogStore store;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Set<Defect> defects;

  // durable: term and vote
  private long term;
  private NodeId votedFor;
  private long hardStateIssued;
  private long hardStateDurable;

  // volatile state of every role
  private Role role = Role.FOLLOWER;
  private NodeId leader;
  private long commitIndex;
  private long appliedIndex;
  private long applySubmitted;
  private long durableIndex;
  private final ArrayDeque<long[]> pendingAppends = new ArrayDeque<>();
  private ConfigHistory configs;
  private long lastLeaderContact;
  private long electionDeadline;
  private Scheduler.Cancellable electionTimer;
  private boolean started;
  private boolean closed;
  private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
  private final TreeMap<Long, List<Runnable>> hardStateWaiters = new TreeMap<>();

  // candidate and pre-candidate
  private final Set<NodeId> granted = new TreeSet<>();
  private final Set<NodeId> rejected = new TreeSet<>();
  private boolean campaignTransfer;

  // leader
  private final Map<NodeId, Progress> progress = new TreeMap<>();
  private long termStartIndex;
  private long round;
  private final TreeMap<Long, Long> roundSentAt = new TreeMap<>();
  private long readRoundInFlight;
  private boolean anotherReadRound;
  private long leaseUntil;
  /**
   * This leader sent TimeoutNow in its term: the target may campaign at any later moment (the
   * message may be late, the target paused) and voters ignore their stickiness for it, so no
   * heartbeat round proves that no other leader exists any more. No lease until the term ends.
   */
  private boolean sentTimeoutNow;
  private long checkQuorumAt;
  private Scheduler.Cancellable heartbeatTimer;
  private final ArrayDeque<PendingRead> reads = new ArrayDeque<>();
  private final List<Runnable> afterTermCommit = new ArrayList<>();
  private NodeId transferTarget;
  private long transferDeadline;
  private CompletableFuture<Void> transferFuture;
  private OutgoingSnapshot outgoing;
  private boolean outgoingRequested;

  // any role
  private final TreeMap<Long, Proposal> proposals = new TreeMap<>();
  private final TreeMap<Long, CompletableFuture<Void>> configFutures = new TreeMap<>();
  private boolean compacting;

  // snapshot being received
  private String stagingName;
  private DiskFile stagingFile;
  private long stagingIndex;
  private long stagingTerm;
  private long stagingSize;
  private boolean restoring;

  /** What the replica publishes for other threads. */
  volatile Role publishedRole = Role.FOLLOWER;

  volatile NodeId publishedLeader;
  volatile Membership publishedMembership = Membership.empty();
  final PublishedLease publishedLease = new PublishedLease();

  private record Proposal(long term, CompletableFuture<Object> future) {}

  private record PendingRead(long index, long round, CompletableFuture<Long> future) {}

  /** A message held back until the hard state (and, for acks, the log up to an index) is durable. */
  private record Deferred(NodeId to, Message message, long hardStateSeq, long durableAt) {}

  RaftCore(GroupSpec spec, RaftSettings settings, StateMachine sm, Environment env, Set<Defect> defects) {
    this.self = spec.self();
    this.spec = spec;
    this.settings = settings;
    this.sm = sm;
    this.env = env;
    this.store = env.logStore();
    this.clock = env.clock();
    this.scheduler = env.scheduler();
    this.defects = defects;
  }

  // ---------------------------------------------------------------- start, recovery, close

  /** Recovers from the log store, disk and state machine, then starts the election timer. */
  void start() {
    HardState hs = HardState.decode(store.hardState());
    term = hs.term();
    votedFor = hs.votedFor();
    Optional<SnapshotMeta> meta = SnapshotMeta.read(env.disk());
    boolean fresh = store.lastIndex() == 0 && store.snapshotIndex() == 0 && meta.isEmpty() && store.hardState().length == 0;
    configs = new ConfigHistory(meta.map(SnapshotMeta::membership).orElse(Membership.empty()));
    if (meta.isPresent() && meta.get().index() > store.snapshotIndex()) {
      store.compact(meta.get().index(), meta.get().term(), 0, () -> {});
    }
    long scanFrom = Math.max(store.firstIndex(), meta.map(m -> m.index() + 1).orElse(1L));
    for (long i = scanFrom; i <= store.lastIndex(); ) {
      List<LogEntry> batch = store.entries(i, store.lastIndex() + 1, 4 << 20);
      for (LogEntry e : batch) {
        if (e.type() == CONFIG) {
          configs.append(MembershipCodec.decode(e.payload()));
        }
      }
      i += batch.size();
    }
    durableIndex = store.lastIndex();
    long applied = sm.lastApplied();
    appliedIndex = applied;
    applySubmitted = applied;
    commitIndex = Math.max(applied, store.snapshotIndex());
    lastLeaderContact = clock.nanoTime();
    started = true;
    if (fresh && !spec.bootstrap().members().isEmpty()) {
      Membership initial = new Membership(1, spec.bootstrap().members());
      term = 1;
      persistHardState();
      appendToLog(List.of(new LogEntry(1, 1, CONFIG, MembershipCodec.encode(initial))));
    }
    if (meta.isPresent() && applied < meta.get().index()) {
      SnapshotMeta m = meta.get();
      if (m.stagedFile().isEmpty() || !env.disk().exists(m.stagedFile())) {
        throw new IllegalStateException(
            "state machine at " + applied + " is behind the snapshot at " + m.index() + " and no staged snapshot is left");
      }
      try {
        DiskFile f = env.disk().open(m.stagedFile(), false);
        restore(new StagedSnapshot(f, m.index(), f.size()), m, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    configChanged();
    role = roleForConfig();
    publish();
    resetElectionDeadline();
    electionTimer = scheduler.schedule(electionDeadline - clock.nanoTime(), this::onElectionTimer);
    LOG.debug("{} started: term {} log [{}, {}] applied {}", self, term, store.firstIndex(), store.lastIndex(), applied);
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    // no longer a member that can lead or follow (a lease already handed out still holds)
    publishedRole = Role.REMOVED;
    publishedLeader = null;
    if (electionTimer != null) {
      electionTimer.cancel();
    }
    if (heartbeatTimer != null) {
      heartbeatTimer.cancel();
    }
    for (Proposal p : proposals.values()) {
      p.future().completeExceptionally(new IndeterminateException("replica closed"));
    }
    proposals.clear();
    failReads(new NotLeaderException(Optional.empty()));
    for (CompletableFuture<Void> f : configFutures.values()) {
      f.completeExceptionally(new IndeterminateException("replica closed"));
    }
    configFutures.clear();
    if (transferFuture != null) {
      transferFuture.completeExceptionally(new IllegalStateException("replica closed"));
      transferFuture = null;
    }
    for (Progress p : progress.values()) {
      p.releaseSnapshot();
    }
    if (outgoing != null) {
      outgoing.release();
      outgoing = null;
    }
    closeStaging();
  }

  // ---------------------------------------------------------------- inputs

  /** A message from a peer, still encoded. */
  void receive(NodeId from, ByteBuffer bytes) {
    if (closed || !started) {
      return;
    }
    Message m;
    try {
      m = MessageCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("{} dropped a malformed message from {}: {}", self, from, e.getMessage());
      return;
    }
    step(from, m);
    publish();
  }

  private void step(NodeId from, Message m) {
    if (m.term() > term) {
      if (m instanceof Message.RequestVote v) {
        if (v.preVote()) {
          handleRequestVote(from, v);
          return;
        }
        if (inLease() && !v.transfer()) {
          LOG.debug("{} ignores a vote request from {} for term {}: the leader's lease holds", self, from, v.term());
          return;
        }
        becomeFollower(m.term(), null);
      } else if (m instanceof Message.VoteResponse r && r.preVote() && r.granted()) {
        // a granted pre-vote carries the term it was asked for
      } else if (m instanceof Message.AppendEntries
          || m instanceof Message.Heartbeat
          || m instanceof Message.InstallSnapshot
          || m instanceof Message.TimeoutNow) {
        becomeFollower(m.term(), from);
      } else {
        becomeFollower(m.term(), null);
      }
    } else if (m.term() < term) {
      if (m instanceof Message.AppendEntries
          || m instanceof Message.Heartbeat
          || m instanceof Message.InstallSnapshot) {
        send(from, new Message.AppendResponse(term, false, 0, 0, 0));
      } else if (m instanceof Message.RequestVote v) {
        send(from, new Message.VoteResponse(term, v.preVote(), false));
      }
      return;
    }
    if (m instanceof Message.RequestVote v) {
      handleRequestVote(from, v);
    } else if (m instanceof Message.VoteResponse r) {
      handleVoteResponse(from, r);
    } else if (m instanceof Message.AppendEntries a) {
      handleAppendEntries(from, a);
    } else if (m instanceof Message.AppendResponse r) {
      handleAppendResponse(from, r);
    } else if (m instanceof Message.Heartbeat h) {
      handleHeartbeat(from, h);
    } else if (m instanceof Message.HeartbeatResponse r) {
      handleHeartbeatResponse(from, r);
    } else if (m instanceof Message.InstallSnapshot s) {
      handleInstallSnapshot(from, s);
    } else if (m instanceof Message.SnapshotResponse r) {
      handleSnapshotResponse(from, r);
    } else if (m instanceof Message.TimeoutNow) {
      if (role != Role.LEADER && configs.current().isVoter(self)) {
        LOG.info("{} campaigns at once: leadership transferred by {}", self, from);
        campaign(false, true);
      }
    }
  }

  // ---------------------------------------------------------------- elections

  private void onElectionTimer() {
    if (closed) {
      return;
    }
    long now = clock.nanoTime();
    if (transferFuture != null && role != Role.LEADER && now > transferDeadline) {
      transferFuture.completeExceptionally(new IllegalStateException("leadership transfer did not complete in time"));
      transferFuture = null;
    }
    if (role != Role.LEADER && now >= electionDeadline) {
      if (configs.current().isVoter(self)) {
        LOG.debug("{} election timeout in term {}", self, term);
        campaign(true, false);
      }
      resetElectionDeadline();
    }
    long wait = role == Role.LEADER ? settings.electionTimeoutNanos() : electionDeadline - clock.nanoTime();
    electionTimer = scheduler.schedule(Math.max(1_000_000, wait), this::onElectionTimer);
    publish();
  }

  private void resetElectionDeadline() {
    long base = settings.electionTimeoutNanos();
    electionDeadline = clock.nanoTime() + base + Math.floorMod(env.random().nextLong(), base);
  }

  /** Campaigns now, with a pre-vote round first unless {@code preVote} is false. Package-private for scenario tests. */
  void campaign(boolean preVote, boolean transfer) {
    if (!configs.current().isVoter(self)) {
      return;
    }
    if (role == Role.LEADER) {
      leaveLeadership();
    }
    leader = null;
    granted.clear();
    rejected.clear();
    campaignTransfer = transfer;
    resetElectionDeadline();
    long lastIndex = store.lastIndex();
    long lastTerm = store.term(lastIndex);
    if (preVote) {
      role = Role.PRE_CANDIDATE;
      granted.add(self);
      for (NodeId v : configs.current().voters()) {
        if (!v.equals(self)) {
          send(v, new Message.RequestVote(term + 1, lastIndex, lastTerm, true, false));
        }
      }
      if (hasQuorum(granted)) {
        campaign(false, false);
      }
      return;
    }
    role = Role.CANDIDATE;
    term++;
    votedFor = self;
    long seq = persistHardState();
    long campaignTerm = term;
    for (NodeId v : configs.current().voters()) {
      if (!v.equals(self)) {
        send(v, new Message.RequestVote(term, lastIndex, lastTerm, false, transfer));
      }
    }
    whenHardStateDurable(
        seq,
        () -> {
          if (role == Role.CANDIDATE && term == campaignTerm) {
            granted.add(self);
            if (hasQuorum(granted)) {
              becomeLeader();
            }
          }
        });
  }

  private void handleRequestVote(NodeId from, Message.RequestVote v) {
    long lastIndex = store.lastIndex();
    boolean upToDate =
        v.lastTerm() > store.term(lastIndex) || (v.lastTerm() == store.term(lastIndex) && v.lastIndex() >= lastIndex);
    if (v.preVote()) {
      boolean grant = v.term() > term && upToDate && (v.transfer() || !inLease());
      send(from, new Message.VoteResponse(grant ? v.term() : term, true, grant));
      return;
    }
    boolean canVote =
        from.equals(votedFor)
            || (votedFor == null && leader == null)
            || defects.contains(Defect.DOUBLE_VOTE);
    boolean grant = canVote && upToDate && role != Role.LEADER;
    if (grant) {
      votedFor = from;
      persistHardState();
      resetElectionDeadline();
    }
    send(from, new Message.VoteResponse(term, false, grant));
  }

  private void handleVoteResponse(NodeId from, Message.VoteResponse r) {
    if (r.preVote()) {
      if (role != Role.PRE_CANDIDATE) {
        return;
      }
      if (!r.granted() && r.term() > term) {
        becomeFollower(r.term(), null);
        return;
      }
      if (r.granted() && r.term() != term + 1) {
        return;
      }
      (r.granted() ? granted : rejected).add(from);
      if (hasQuorum(granted)) {
        campaign(false, false);
      } else if (hasQuorum(rejected)) {
        becomeFollower(term, null);
      }
      return;
    }
    if (role != Role.CANDIDATE || r.term() != term) {
      return;
    }
    (r.granted() ? granted : rejected).add(from);
    if (granted.contains(self) && hasQuorum(granted)) {
      becomeLeader();
    } else if (hasQuorum(rejected)) {
      becomeFollower(term, null);
    }
  }

  /** True while this replica must not help elect another leader: it is the leader or heard from one recently. */
  private boolean inLease() {
    return role == Role.LEADER || clock.nanoTime() - lastLeaderContact < settings.electionTimeoutNanos();
  }

  private boolean hasQuorum(Set<NodeId> nodes) {
    Set<NodeId> voters = configs.current().voters();
    int n = 0;
    for (NodeId id : nodes) {
      if (voters.contains(id)) {
        n++;
      }
    }
    return n >= voters.size() / 2 + 1;
  }

  private void becomeFollower(long newTerm, NodeId newLeader) {
    if (newTerm > term) {
      term = newTerm;
      votedFor = null;
      persistHardState();
    }
    if (role == Role.LEADER) {
      leaveLeadership();
    }
    role = roleForConfig();
    leader = newLeader;
    if (newLeader != null) {
      lastLeaderContact = clock.nanoTime();
      if (transferFuture != null) {
        if (newLeader.equals(transferTarget)) {
          transferFuture.complete(null);
        } else {
          transferFuture.completeExceptionally(new IllegalStateException("leadership went to " + newLeader));
        }
        transferFuture = null;
        transferTarget = null;
      }
    }
    resetElectionDeadline();
  }

  private Role roleForConfig() {
    Membership m = configs.current();
    if (m.isVoter(self)) {
      return Role.FOLLOWER;
    }
    return m.contains(self) ? Role.LEARNER : Role.REMOVED;
  }

  private void becomeLeader() {
    LOG.info("{} became leader in term {}", self, term);
    role = Role.LEADER;
    leader = self;
    progress.clear();
    for (NodeId id : memberIds()) {
      if (!id.equals(self)) {
        progress.put(id, new Progress(store.lastIndex() + 1));
      }
    }
    round = 0;
    roundSentAt.clear();
    readRoundInFlight = 0;
    anotherReadRound = false;
    leaseUntil = 0;
    sentTimeoutNow = false;
    publishReadState();
    transferTarget = null;
    checkQuorumAt = clock.nanoTime() + settings.electionTimeoutNanos();
    long index = store.lastIndex() + 1;
    termStartIndex = index;
    appendToLog(List.of(new LogEntry(index, term, NOOP, new byte[0])));
    broadcastAppend();
    broadcastHeartbeat();
    heartbeatTimer = scheduler.schedule(settings.heartbeatIntervalNanos(), this::onHeartbeatTimer);
    maybeCommit();
  }

  private void leaveLeadership() {
    LOG.info("{} is no longer leader in term {}", self, term);
    if (heartbeatTimer != null) {
      heartbeatTimer.cancel();
      heartbeatTimer = null;
    }
    Iterator<Map.Entry<Long, Proposal>> it = proposals.tailMap(commitIndex, false).entrySet().iterator();
    while (it.hasNext()) {
      it.next().getValue().future().completeExceptionally(new IndeterminateException("leadership lost before commit"));
      it.remove();
    }
    for (CompletableFuture<Void> f : configFutures.tailMap(commitIndex, false).values()) {
      f.completeExceptionally(new IndeterminateException("leadership lost before the change committed"));
    }
    configFutures.tailMap(commitIndex, false).clear();
    failReads(new NotLeaderException(Optional.empty()));
    for (Progress p : progress.values()) {
      p.releaseSnapshot();
    }
    progress.clear();
    if (outgoing != null) {
      outgoing.release();
      outgoing = null;
    }
    leaseUntil = 0;
    publishReadState();
  }

  private void failReads(RuntimeException e) {
    for (PendingRead r : reads) {
      r.future().completeExceptionally(e);
    }
    reads.clear();
    List<Runnable> waiting = new ArrayList<>(afterTermCommit);
    afterTermCommit.clear();
    for (Runnable r : waiting) {
      r.run();
    }
  }

  // ---------------------------------------------------------------- leader: heartbeats, reads, check-quorum

  private void onHeartbeatTimer() {
    if (closed || role != Role.LEADER) {
      return;
    }
    long now = clock.nanoTime();
    if (now >= checkQuorumAt) {
      Set<NodeId> active = new TreeSet<>();
      active.add(self);
      for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
        if (e.getValue().recentActive) {
          active.add(e.getKey());
        }
        e.getValue().recentActive = false;
      }
      if (!hasQuorum(active)) {
        LOG.info("{} steps down in term {}: no quorum heard from within an election timeout", self, term);
        becomeFollower(term, null);
        publish();
        return;
      }
      checkQuorumAt = now + settings.electionTimeoutNanos();
    }
    if (transferTarget != null && now > transferDeadline) {
      LOG.info("{} abandons leadership transfer to {}", self, transferTarget);
      transferFuture.completeExceptionally(new IllegalStateException("leadership transfer to " + transferTarget + " timed out"));
      transferFuture = null;
      transferTarget = null;
    }
    for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      if (p.state == Progress.State.SNAPSHOT) {
        if (p.snapshotAcked == p.snapshotAckedAtLastTick) {
          p.snapshotSent = p.snapshotAcked;
          p.finalSent = false;
        }
        p.snapshotAckedAtLastTick = p.snapshotAcked;
        sendSnapshotChunks(e.getKey(), p);
      }
    }
    broadcastHeartbeat();
    heartbeatTimer = scheduler.schedule(settings.heartbeatIntervalNanos(), this::onHeartbeatTimer);
    publish();
  }

  private void broadcastHeartbeat() {
    round++;
    roundSentAt.put(round, clock.nanoTime());
    for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
      send(e.getKey(), new Message.Heartbeat(term, Math.min(e.getValue().match, commitIndex), round));
    }
    confirmRounds();
  }

  private void handleHeartbeat(NodeId from, Message.Heartbeat h) {
    acceptLeader(from);
    long c = Math.min(h.commit(), store.lastIndex());
    if (c > commitIndex) {
      commitIndex = c;
      maybeApply();
    }
    send(from, new Message.HeartbeatResponse(term, h.round()));
  }

  private void handleHeartbeatResponse(NodeId from, Message.HeartbeatResponse r) {
    Progress p = progress.get(from);
    if (role != Role.LEADER || p == null) {
      return;
    }
    p.recentActive = true;
    p.ackedRound = Math.max(p.ackedRound, r.round());
    confirmRounds();
    if (p.match < store.lastIndex()) {
      if (p.state == Progress.State.PROBE) {
        p.probeSent = false;
      } else if (p.state == Progress.State.REPLICATE && p.match == p.matchAtHeartbeat) {
        // no progress for a heartbeat interval: appends were lost; find the follower again
        p.becomeProbe();
      }
      p.matchAtHeartbeat = p.match;
      sendAppends(from, p);
    }
  }

  /** The newest heartbeat round a quorum of voters has acknowledged: leadership was certain when it was sent. */
  private long quorumRound() {
    Set<NodeId> voters = configs.current().voters();
    long[] acked = new long[voters.size()];
    int i = 0;
    for (NodeId v : voters) {
      if (v.equals(self)) {
        acked[i++] = round;
      } else {
        Progress p = progress.get(v);
        acked[i++] = p == null ? 0 : p.ackedRound;
      }
    }
    if (acked.length == 0) {
      return 0;
    }
    Arrays.sort(acked);
    return acked[acked.length - (acked.length / 2 + 1)];
  }

  private void confirmRounds() {
    long q = quorumRound();
    if (q == 0) {
      return;
    }
    Long sentAt = roundSentAt.get(q);
    if (sentAt != null && settings.leaseReads() && transferTarget == null && !sentTimeoutNow) {
      leaseUntil = Math.max(leaseUntil, sentAt + settings.leaseNanos());
      publishReadState();
    }
    roundSentAt.headMap(q).clear();
    while (!reads.isEmpty() && reads.peekFirst().round() <= q) {
      PendingRead r = reads.pollFirst();
      r.future().complete(r.index());
    }
    if (readRoundInFlight != 0 && q >= readRoundInFlight) {
      readRoundInFlight = 0;
      if (anotherReadRound) {
        anotherReadRound = false;
        readRoundInFlight = round + 1;
        broadcastHeartbeat();
      }
    }
  }

  /** True when {@link #readBarrier} would answer at once from the lease, without a heartbeat round. */
  boolean holdsReadLease() {
    return role == Role.LEADER
        && transferTarget == null
        && commitIndex >= termStartIndex
        && settings.leaseReads()
        && !sentTimeoutNow
        && clock.nanoTime() < leaseUntil;
  }

  /** See {@link io.pacraft.replication.ReplicaGroup#readBarrier()}. */
  void readBarrier(CompletableFuture<Long> future) {
    if (role != Role.LEADER || transferTarget != null) {
      future.completeExceptionally(new NotLeaderException(Optional.ofNullable(transferTarget != null ? transferTarget : leader)));
      return;
    }
    if (defects.contains(Defect.READ_WITHOUT_BARRIER)) {
      future.complete(commitIndex);
      return;
    }
    if (commitIndex < termStartIndex) {
      afterTermCommit.add(() -> readBarrier(future));
      return;
    }
    if (holdsReadLease()) {
      future.complete(commitIndex);
      return;
    }
    reads.addLast(new PendingRead(commitIndex, round + 1, future));
    if (readRoundInFlight == 0) {
      readRoundInFlight = round + 1;
      broadcastHeartbeat();
    } else if (readRoundInFlight <= round) {
      anotherReadRound = true;
    }
  }

  // ---------------------------------------------------------------- proposals and replication

  /** Appends the proposed payloads as one batch; see {@link io.pacraft.replication.ReplicaGroup#propose}. */
  void propose(List<byte[]> payloads, List<CompletableFuture<Object>> futures) {
    if (role != Role.LEADER || transferTarget != null) {
      NotLeaderException e = new NotLeaderException(Optional.ofNullable(transferTarget != null ? transferTarget : leader));
      for (CompletableFuture<Object> f : futures) {
        f.completeExceptionally(e);
      }
      return;
    }
    long index = store.lastIndex() + 1;
    List<LogEntry> entries = new ArrayList<>(payloads.size());
    for (int i = 0; i < payloads.size(); i++) {
      entries.add(new LogEntry(index + i, term, LogEntry.NORMAL, payloads.get(i)));
      proposals.put(index + i, new Proposal(term, futures.get(i)));
    }
    appendToLog(entries);
    broadcastAppend();
  }

  private void broadcastAppend() {
    for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
      sendAppends(e.getKey(), e.getValue());
    }
  }

  private void sendAppends(NodeId to, Progress p) {
    long lastIndex = store.lastIndex();
    while (!p.paused(settings.maxInflightAppends())) {
      if (p.next < store.firstIndex() || termOf(p.next - 1) < 0) {
        startSnapshot(to, p);
        return;
      }
      if (p.state == Progress.State.REPLICATE && p.next > lastIndex) {
        return;
      }
      List<LogEntry> entries =
          p.next <= lastIndex
              ? store.entries(p.next, Math.min(lastIndex + 1, p.next + settings.maxAppendEntries()), settings.maxAppendBytes())
              : List.of();
      long prev = p.next - 1;
      send(to, new Message.AppendEntries(term, prev, termOf(prev), commitIndex, entries));
      if (p.state == Progress.State.REPLICATE) {
        long last = prev + entries.size();
        p.next = last + 1;
        p.inflight.addLast(last);
      } else {
        p.probeSent = true;
      }
    }
  }

  private void handleAppendEntries(NodeId from, Message.AppendEntries a) {
    acceptLeader(from);
    if (restoring) {
      return;
    }
    long prevIndex = a.prevIndex();
    long prevTerm = a.prevTerm();
    List<LogEntry> entries = a.entries();
    long snapshotIndex = store.snapshotIndex();
    if (prevIndex < snapshotIndex) {
      int skip = (int) Math.min(entries.size(), snapshotIndex - prevIndex);
      long end = prevIndex + entries.size();
      entries = entries.subList(skip, entries.size());
      if (entries.isEmpty()) {
        send(from, new Message.AppendResponse(term, true, Math.min(end, snapshotIndex), 0, 0));
        return;
      }
      prevIndex = snapshotIndex;
      prevTerm = store.snapshotTerm();
    }
    long lastIndex = store.lastIndex();
    if (prevIndex > lastIndex) {
      send(from, new Message.AppendResponse(term, false, a.prevIndex(), lastIndex + 1, 0));
      return;
    }
    long t = store.term(prevIndex);
    if (t != prevTerm) {
      long ci = prevIndex;
      long floor = Math.max(commitIndex, store.snapshotIndex());
      while (ci - 1 > floor && store.term(ci - 1) == t) {
        ci--;
      }
      send(from, new Message.AppendResponse(term, false, a.prevIndex(), ci, t));
      return;
    }
    int firstNew = 0;
    while (firstNew < entries.size()) {
      LogEntry e = entries.get(firstNew);
      if (e.index() > lastIndex || store.term(e.index()) != e.term()) {
        break;
      }
      firstNew++;
    }
    if (firstNew < entries.size()) {
      long at = entries.get(firstNew).index();
      if (at <= commitIndex) {
        throw new IllegalStateException(self + " asked to overwrite committed entry " + at + " (commit " + commitIndex + ")");
      }
      appendToLog(entries.subList(firstNew, entries.size()));
    }
    long matched = prevIndex + entries.size();
    long c = Math.min(a.commit(), matched);
    if (c > commitIndex) {
      commitIndex = c;
      maybeApply();
    }
    Message.AppendResponse ok = new Message.AppendResponse(term, true, matched, 0, 0);
    if (defects.contains(Defect.ACK_BEFORE_FSYNC)) {
      send(from, ok);
    } else {
      sendWhenDurable(from, ok, matched);
    }
  }

  private void acceptLeader(NodeId from) {
    if (role == Role.LEADER) {
      throw new IllegalStateException(self + " is leader in term " + term + " but " + from + " claims it too");
    }
    if (role == Role.CANDIDATE || role == Role.PRE_CANDIDATE || leader == null) {
      becomeFollower(term, from);
    }
    leader = from;
    lastLeaderContact = clock.nanoTime();
    resetElectionDeadline();
  }

  private void handleAppendResponse(NodeId from, Message.AppendResponse r) {
    Progress p = progress.get(from);
    if (role != Role.LEADER || p == null) {
      return;
    }
    p.recentActive = true;
    if (r.success()) {
      boolean advanced = p.acknowledge(r.index());
      if (p.state == Progress.State.PROBE && (advanced || p.match == r.index())) {
        p.becomeReplicate();
      } else if (p.state == Progress.State.SNAPSHOT && p.snapshot != null && p.match >= p.snapshot.index) {
        p.becomeProbe();
      }
      if (advanced) {
        maybeCommit();
      }
      if (from.equals(transferTarget) && p.match == store.lastIndex()) {
        sendTimeoutNow(from);
      }
    } else {
      if (r.index() == 0 && r.conflictIndex() == 0) {
        return;
      }
      long hint = r.conflictIndex();
      if (r.conflictTerm() > 0) {
        long i = Math.min(r.index(), store.lastIndex());
        while (i > store.snapshotIndex() && store.term(i) > r.conflictTerm()) {
          i--;
        }
        if (i >= store.snapshotIndex() && store.term(i) == r.conflictTerm()) {
          hint = i + 1;
        }
      }
      if (!p.rejected(r.index(), hint)) {
        return;
      }
    }
    sendAppends(from, p);
  }

  private void maybeCommit() {
    if (role != Role.LEADER) {
      return;
    }
    Set<NodeId> voters = configs.current().voters();
    if (voters.isEmpty()) {
      return;
    }
    long[] match = new long[voters.size()];
    int i = 0;
    for (NodeId v : voters) {
      if (v.equals(self)) {
        match[i++] = durableIndex;
      } else {
        Progress p = progress.get(v);
        match[i++] = p == null ? 0 : p.match;
      }
    }
    Arrays.sort(match);
    long n = match[match.length - (match.length / 2 + 1)];
    if (n > commitIndex && (store.term(n) == term || defects.contains(Defect.COUNT_OLD_TERM_COMMIT))) {
      commitIndex = n;
      onCommitAdvanced();
    }
  }

  private void onCommitAdvanced() {
    publishReadState(); // before anything committed can be applied and acknowledged
    maybeApply();
    while (!configFutures.isEmpty() && configFutures.firstKey() <= commitIndex) {
      configFutures.pollFirstEntry().getValue().complete(null);
    }
    if (role == Role.LEADER && commitIndex >= termStartIndex && !afterTermCommit.isEmpty()) {
      List<Runnable> waiting = new ArrayList<>(afterTermCommit);
      afterTermCommit.clear();
      for (Runnable r : waiting) {
        r.run();
      }
    }
    if (role == Role.LEADER && configs.lastEntryIndex() <= commitIndex && !configs.current().isVoter(self)) {
      NodeId successor = null;
      long best = -1;
      for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
        if (configs.current().isVoter(e.getKey()) && e.getValue().match > best) {
          best = e.getValue().match;
          successor = e.getKey();
        }
      }
      LOG.info("{} steps down: removed from the configuration; hands over to {}", self, successor);
      broadcastHeartbeat();
      if (successor != null) {
        sendTimeoutNow(successor);
      }
      becomeFollower(term, null);
    }
  }

  // ---------------------------------------------------------------- log writes and durability

  private void appendToLog(List<LogEntry> entries) {
    long first = entries.get(0).index();
    if (first <= store.lastIndex()) {
      configs.truncateFrom(first);
      durableIndex = Math.min(durableIndex, first - 1);
      for (long[] p : pendingAppends) {
        p[0] = Math.min(p[0], first - 1);
      }
      deferred.removeIf(d -> d.durableAt() >= first);
    }
    boolean configChanged = first <= store.lastIndex() && configs.current() != null;
    for (LogEntry e : entries) {
      if (e.type() == CONFIG) {
        configs.append(MembershipCodec.decode(e.payload()));
        configChanged = true;
      }
    }
    long[] pending = {entries.get(entries.size() - 1).index()};
    pendingAppends.addLast(pending);
    store.append(entries, () -> onAppendDurable(pending));
    if (configChanged) {
      configChanged();
    }
  }

  private void onAppendDurable(long[] pending) {
    pendingAppends.remove(pending);
    if (closed) {
      return;
    }
    if (pending[0] > durableIndex) {
      durableIndex = pending[0];
      flushDeferred();
      maybeCommit();
      maybeApply();
      publish();
    }
  }

  private long persistHardState() {
    long seq = ++hardStateIssued;
    store.saveHardState(
        new HardState(term, votedFor).encode(),
        () -> {
          hardStateDurable = Math.max(hardStateDurable, seq);
          if (closed) {
            return;
          }
          flushDeferred();
          while (!hardStateWaiters.isEmpty() && hardStateWaiters.firstKey() <= hardStateDurable) {
            for (Runnable r : hardStateWaiters.pollFirstEntry().getValue()) {
              r.run();
            }
          }
          publish();
        });
    return seq;
  }

  private void whenHardStateDurable(long seq, Runnable r) {
    if (hardStateDurable >= seq) {
      r.run();
    } else {
      hardStateWaiters.computeIfAbsent(seq, k -> new ArrayList<>()).add(r);
    }
  }

  private void send(NodeId to, Message m) {
    sendWhenDurable(to, m, 0);
  }

  /** Sends once the hard state as of now is durable and, when {@code durableAt} > 0, the log up to it. */
  private void sendWhenDurable(NodeId to, Message m, long durableAt) {
    if (hardStateDurable >= hardStateIssued && durableIndex >= durableAt && deferred.isEmpty()) {
      env.transport().send(to, MessageCodec.encode(m));
    } else {
      deferred.addLast(new Deferred(to, m, hardStateIssued, durableAt));
    }
  }

  private void flushDeferred() {
    Iterator<Deferred> it = deferred.iterator();
    while (it.hasNext()) {
      Deferred d = it.next();
      if (hardStateDurable >= d.hardStateSeq() && durableIndex >= d.durableAt()) {
        it.remove();
        env.transport().send(d.to(), MessageCodec.encode(d.message()));
      }
    }
  }

  // ---------------------------------------------------------------- applying

  private void maybeApply() {
    if (restoring || closed) {
      return;
    }
    long limit = Math.min(commitIndex, durableIndex);
    while (applySubmitted < limit) {
      List<LogEntry> batch = store.entries(applySubmitted + 1, limit + 1, settings.maxApplyBytes());
      applySubmitted = batch.get(batch.size() - 1).index();
      // The proposals of committed entries travel with them: the applier completes them itself,
      // one thread hop fewer between commit and reply.
      Proposal[] waiting = new Proposal[batch.size()];
      for (int i = 0; i < batch.size() && !proposals.isEmpty(); i++) {
        waiting[i] = proposals.remove(batch.get(i).index());
      }
      env.applier().execute(() -> applyBatch(batch, waiting));
    }
  }

  /** Runs on the applier. */
  private void applyBatch(List<LogEntry> batch, Proposal[] waiting) {
    List<ByteBuffer> payloads = new ArrayList<>(batch.size());
    for (LogEntry e : batch) {
      payloads.add(e.type() == LogEntry.NORMAL ? ByteBuffer.wrap(e.payload()).asReadOnlyBuffer() : EMPTY);
    }
    Object[] results;
    RuntimeException failure = null;
    try {
      results = sm.apply(batch.get(0).index(), payloads);
    } catch (RuntimeException ex) {
      LOG.error("state machine failed to apply entries {}..{}", batch.get(0).index(), batch.get(batch.size() - 1).index(), ex);
      results = null;
      failure = ex;
    }
    Object[] answers = results;
    RuntimeException failed = failure;
    completer.accept(() -> {
      for (int i = 0; i < batch.size(); i++) {
        Proposal p = waiting[i];
        if (p == null) {
          continue;
        }
        if (p.term() != batch.get(i).term()) {
          p.future().completeExceptionally(new IndeterminateException("entry was replaced"));
        } else if (failed != null) {
          p.future().completeExceptionally(failed);
        } else {
          p.future().complete(answers[i]);
        }
      }
    });
    scheduler.execute(() -> onApplied(batch));
  }

  private void onApplied(List<LogEntry> batch) {
    if (closed) {
      return;
    }
    appliedIndex = Math.max(appliedIndex, batch.get(batch.size() - 1).index());
    maybeCompact();
    publish();
  }

  // ---------------------------------------------------------------- snapshots: compaction

  private void maybeCompact() {
    if (compacting || restoring || appliedIndex != applySubmitted || appliedIndex <= store.snapshotIndex()) {
      return;
    }
    if (appliedIndex - store.snapshotIndex() < settings.snapshotEntries() && store.sizeBytes() < settings.snapshotBytes()) {
      return;
    }
    long index = appliedIndex;
    long t = store.term(index);
    Membership m = configs.at(index);
    compacting = true;
    env.applier()
        .execute(
            () -> {
              long taken;
              try (Snapshot s = sm.snapshot()) {
                taken = s.lastIndex();
              }
              scheduler.execute(() -> onSnapshotTaken(index, t, m, taken));
            });
  }

  private void onSnapshotTaken(long index, long t, Membership m, long taken) {
    compacting = false;
    if (closed) {
      return;
    }
    if (taken != index) {
      LOG.error("{} state machine snapshot is at {}, expected {}; not compacting", self, taken, index);
      return;
    }
    new SnapshotMeta(index, t, m, "").write(env.disk());
    store.compact(index, t, settings.snapshotRetainEntries(), () -> {});
    configs.compact(Math.min(index, store.firstIndex() - 1));
    LOG.debug("{} compacted its log through {}", self, index);
  }

  // ---------------------------------------------------------------- snapshots: sending

  private void startSnapshot(NodeId to, Progress p) {
    if (outgoing != null && termOf(outgoing.index) >= 0) {
      p.becomeSnapshot(outgoing);
      sendSnapshotChunks(to, p);
      return;
    }
    if (outgoingRequested) {
      return;
    }
    outgoingRequested = true;
    long index = applySubmitted;
    long t = store.term(index);
    byte[] m = MembershipCodec.encode(configs.at(index));
    long leaderTerm = term;
    env.applier()
        .execute(
            () -> {
              Snapshot s = sm.snapshot();
              scheduler.execute(() -> onOutgoingSnapshot(s, index, t, m, leaderTerm));
            });
  }

  private void onOutgoingSnapshot(Snapshot s, long index, long t, byte[] m, long leaderTerm) {
    outgoingRequested = false;
    if (closed || role != Role.LEADER || term != leaderTerm || s.lastIndex() != index) {
      s.close();
      return;
    }
    if (outgoing != null) {
      outgoing.release();
    }
    outgoing = new OutgoingSnapshot(s, index, t, m);
    outgoing.retain();
    for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      if (p.state != Progress.State.SNAPSHOT && p.next < store.firstIndex()) {
        p.becomeSnapshot(outgoing);
        sendSnapshotChunks(e.getKey(), p);
      }
    }
  }

  private void sendSnapshotChunks(NodeId to, Progress p) {
    OutgoingSnapshot o = p.snapshot;
    long size = o.snapshot.size();
    long window = (long) settings.snapshotChunkBytes() * settings.maxInflightSnapshotChunks();
    while (!p.finalSent && p.snapshotSent - p.snapshotAcked < window) {
      int len = (int) Math.min(settings.snapshotChunkBytes(), size - p.snapshotSent);
      byte[] data = new byte[len];
      ByteBuffer dst = ByteBuffer.wrap(data);
      try {
        while (dst.hasRemaining()) {
          if (o.snapshot.read(p.snapshotSent + dst.position(), dst) < 0) {
            throw new IOException("snapshot ended early at " + (p.snapshotSent + dst.position()) + " of " + size);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      send(to, new Message.InstallSnapshot(term, o.index, o.term, o.membership, p.snapshotSent, size, data));
      p.snapshotSent += len;
      p.finalSent = p.snapshotSent == size;
    }
  }

  private void handleSnapshotResponse(NodeId from, Message.SnapshotResponse r) {
    Progress p = progress.get(from);
    if (role != Role.LEADER || p == null) {
      return;
    }
    p.recentActive = true;
    if (r.done()) {
      p.acknowledge(r.index());
      if (p.state == Progress.State.SNAPSHOT) {
        p.becomeProbe();
      }
      sendAppends(from, p);
      return;
    }
    if (p.state != Progress.State.SNAPSHOT || p.snapshot.index != r.index()) {
      return;
    }
    if (r.nextOffset() > p.snapshotAcked) {
      p.snapshotAcked = r.nextOffset();
    } else {
      p.snapshotSent = r.nextOffset();
      p.snapshotAcked = r.nextOffset();
      p.finalSent = false;
    }
    sendSnapshotChunks(from, p);
  }

  // ---------------------------------------------------------------- snapshots: receiving

  private void handleInstallSnapshot(NodeId from, Message.InstallSnapshot s) {
    acceptLeader(from);
    if (restoring) {
      return;
    }
    if (s.index() <= commitIndex) {
      send(from, new Message.SnapshotResponse(term, s.index(), s.size(), true));
      return;
    }
    if (s.index() <= store.lastIndex() && s.index() >= store.snapshotIndex() && store.term(s.index()) == s.snapshotTerm()) {
      commitIndex = s.index();
      maybeApply();
      send(from, new Message.SnapshotResponse(term, s.index(), s.size(), true));
      return;
    }
    try {
      if (stagingFile == null || stagingIndex != s.index() || stagingTerm != s.snapshotTerm()) {
        if (s.offset() != 0) {
          send(from, new Message.SnapshotResponse(term, s.index(), 0, false));
          return;
        }
        closeStaging();
        stagingName = "snapshot-" + s.index() + "-" + s.snapshotTerm() + ".staging";
        if (env.disk().exists(stagingName)) {
          env.disk().delete(stagingName);
        }
        stagingFile = env.disk().open(stagingName, true);
        stagingIndex = s.index();
        stagingTerm = s.snapshotTerm();
        stagingSize = 0;
      }
      if (s.offset() != stagingSize) {
        send(from, new Message.SnapshotResponse(term, s.index(), stagingSize, false));
        return;
      }
      stagingFile.write(stagingSize, ByteBuffer.wrap(s.data()));
      stagingSize += s.data().length;
      if (stagingSize < s.size()) {
        send(from, new Message.SnapshotResponse(term, s.index(), stagingSize, false));
        return;
      }
      stagingFile.sync();
      env.disk().syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SnapshotMeta meta = new SnapshotMeta(s.index(), s.snapshotTerm(), MembershipCodec.decode(s.membership()), stagingName);
    meta.write(env.disk());
    StagedSnapshot snap = new StagedSnapshot(stagingFile, s.index(), stagingSize);
    stagingFile = null;
    restore(snap, meta, from);
  }

  private void restore(StagedSnapshot snap, SnapshotMeta meta, NodeId replyTo) {
    restoring = true;
    LOG.info("{} restores the snapshot at {} (term {}, {} bytes)", self, meta.index(), meta.term(), snap.size());
    env.applier()
        .execute(
            () -> {
              try {
                sm.restore(snap);
              } finally {
                snap.close();
              }
              scheduler.execute(() -> onRestored(meta, replyTo));
            });
  }

  private void onRestored(SnapshotMeta meta, NodeId replyTo) {
    restoring = false;
    if (closed) {
      return;
    }
    long index = meta.index();
    store.compact(index, meta.term(), 0, () -> {});
    for (long[] p : pendingAppends) {
      p[0] = Math.min(p[0], index);
    }
    deferred.removeIf(d -> d.durableAt() > index);
    configs.reset(meta.membership());
    commitIndex = Math.max(commitIndex, index);
    appliedIndex = index;
    applySubmitted = index;
    durableIndex = index;
    try {
      if (env.disk().exists(meta.stagedFile())) {
        env.disk().delete(meta.stagedFile());
      }
    } catch (IOException e) {
      LOG.warn("{} could not delete {}: {}", self, meta.stagedFile(), e.toString());
    }
    configChanged();
    if (role != Role.LEADER && role != Role.CANDIDATE && role != Role.PRE_CANDIDATE) {
      role = roleForConfig();
    }
    flushDeferred();
    if (replyTo != null) {
      send(replyTo, new Message.SnapshotResponse(term, index, 0, true));
    }
    maybeApply();
    publish();
  }

  private void closeStaging() {
    if (stagingFile != null) {
      try {
        stagingFile.close();
      } catch (IOException e) {
        LOG.warn("{} could not close {}: {}", self, stagingName, e.toString());
      }
      stagingFile = null;
    }
  }

  // ---------------------------------------------------------------- membership and leadership transfer

  void changeMembership(MembershipChange change, CompletableFuture<Void> future) {
    if (role != Role.LEADER || transferTarget != null) {
      future.completeExceptionally(new NotLeaderException(Optional.ofNullable(leader == self ? null : leader)));
      return;
    }
    if (commitIndex < termStartIndex) {
      afterTermCommit.add(() -> changeMembership(change, future));
      return;
    }
    if (configs.lastEntryIndex() > commitIndex) {
      future.completeExceptionally(new IllegalStateException("another membership change is not yet committed"));
      return;
    }
    Membership current = configs.current();
    if (change instanceof MembershipChange.Promote promote) {
      Progress p = progress.get(promote.node());
      if (p != null && p.match + settings.maxAppendEntries() < commitIndex) {
        future.completeExceptionally(
            new IllegalStateException("learner " + promote.node() + " has not caught up: at " + p.match + " of " + commitIndex));
        return;
      }
    }
    long index = store.lastIndex() + 1;
    Membership next;
    try {
      next = current.apply(change, index);
    } catch (IllegalArgumentException e) {
      future.completeExceptionally(e);
      return;
    }
    if (next.voters().isEmpty()) {
      future.completeExceptionally(new IllegalArgumentException("cannot remove the last voter"));
      return;
    }
    LOG.info("{} proposes configuration {} at {}", self, next, index);
    configFutures.put(index, future);
    appendToLog(List.of(new LogEntry(index, term, CONFIG, MembershipCodec.encode(next))));
    broadcastAppend();
  }

  private void configChanged() {
    Membership m = configs.current();
    publishedMembership = m;
    env.transport().updatePeers(m.members());
    if (role == Role.LEADER) {
      for (NodeId id : memberIds()) {
        if (!id.equals(self) && !progress.containsKey(id)) {
          Progress p = new Progress(store.lastIndex() + 1);
          progress.put(id, p);
        }
      }
      progress.entrySet().removeIf(e -> {
        if (!m.contains(e.getKey())) {
          e.getValue().releaseSnapshot();
          return true;
        }
        return false;
      });
    } else if (role == Role.FOLLOWER || role == Role.LEARNER || role == Role.REMOVED) {
      role = roleForConfig();
    } else if (!m.isVoter(self)) {
      role = roleForConfig();
    }
  }

  private List<NodeId> memberIds() {
    List<NodeId> ids = new ArrayList<>();
    for (var member : configs.current().members()) {
      ids.add(member.id());
    }
    return ids;
  }

  void transferLeadership(NodeId to, CompletableFuture<Void> future) {
    if (role != Role.LEADER) {
      future.completeExceptionally(new NotLeaderException(Optional.ofNullable(leader)));
      return;
    }
    if (to.equals(self)) {
      future.complete(null);
      return;
    }
    if (!configs.current().isVoter(to)) {
      future.completeExceptionally(new IllegalArgumentException(to + " is not a voter"));
      return;
    }
    if (transferTarget != null) {
      future.completeExceptionally(new IllegalStateException("a leadership transfer to " + transferTarget + " is in progress"));
      return;
    }
    LOG.info("{} transfers leadership to {}", self, to);
    transferTarget = to;
    transferFuture = future;
    transferDeadline = clock.nanoTime() + settings.electionTimeoutNanos();
    leaseUntil = 0;
    publishReadState();
    Progress p = progress.get(to);
    if (p.match == store.lastIndex()) {
      sendTimeoutNow(to);
    } else {
      sendAppends(to, p);
    }
  }

  /** Tells {@code to} to campaign now; this leader holds no lease for the rest of its term. */
  private void sendTimeoutNow(NodeId to) {
    sentTimeoutNow = !defects.contains(Defect.LEASE_AFTER_TIMEOUT_NOW);
    leaseUntil = 0;
    publishReadState();
    send(to, new Message.TimeoutNow(term));
  }

  /** Term of the entry at {@code index}, or -1 when the log no longer knows it. */
  private long termOf(long index) {
    if (index >= store.snapshotIndex() && index <= store.lastIndex()) {
      return store.term(index);
    }
    if (index >= store.firstIndex() && index <= store.lastIndex()) {
      return store.entry(index).term();
    }
    return -1;
  }

  // ---------------------------------------------------------------- status

  private void publish() {
    publishedRole = role;
    publishedLeader = leader;
    publishReadState();
  }

  /**
   * What lets other threads serve a lease read without a trip through the scheduler: while this
   * leader holds a lease and has committed an entry of its term, {@link #publishedLease} holds the
   * lease's end and the commit index; it is revoked otherwise. Published before any newly
   * committed entry is applied, so no acknowledged write lies beyond the published index.
   */
  private void publishReadState() {
    if (role == Role.LEADER
        && transferTarget == null
        && !sentTimeoutNow
        && settings.leaseReads()
        && commitIndex >= termStartIndex
        && !defects.contains(Defect.READ_WITHOUT_BARRIER)) {
      publishedLease.publish(commitIndex, leaseUntil);
    } else {
      publishedLease.revoke();
    }
  }

  Map<String, String> status() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("role", role.name().toLowerCase(java.util.Locale.ROOT));
    s.put("term", Long.toString(term));
    s.put("leader", leader == null ? "" : leader.id());
    s.put("commit_index", Long.toString(commitIndex));
    s.put("applied_index", Long.toString(appliedIndex));
    store.putStatus(s);
    s.put("members", Integer.toString(configs.current().members().size()));
    s.put("configuration_index", Long.toString(configs.current().version()));
    for (Map.Entry<NodeId, Progress> e : progress.entrySet()) {
      Progress p = e.getValue();
      s.put("follower." + e.getKey() + ".match_index", Long.toString(p.match));
      s.put("follower." + e.getKey() + ".lag", Long.toString(store.lastIndex() - p.match));
      s.put("follower." + e.getKey() + ".state", p.state.name().toLowerCase(java.util.Locale.ROOT));
    }
    return s;
  }

  // ---------------------------------------------------------------- for invariants and scenario tests

  long term() {
    return term;
  }

  Role role() {
    return role;
  }

  NodeId leader() {
    return leader;
  }

  long commitIndex() {
    return commitIndex;
  }

  long appliedIndex() {
    return appliedIndex;
  }

  LogStore log() {
    return store;
  }

  Membership membership() {
    return configs.current();
  }
}
