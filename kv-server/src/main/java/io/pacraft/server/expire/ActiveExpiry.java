package io.pacraft.server.expire;

import io.pacraft.replication.Role;
import io.pacraft.server.Node;
import io.pacraft.server.config.ServerParameters;
import io.pacraft.server.state.LogCommand;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.RocksStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rocksdb.RocksIterator;

/**
 * The active expiry cycle: on the leader only, finds keys whose expiry has passed (the {@code
 * expire} column family is ordered by time) and deletes them through the log, so that every replica
 * deletes the same keys; followers never expire on their own. One batch in flight at a time.
 */
public final class ActiveExpiry {
  private final Node node;
  private final AtomicBoolean inFlight = new AtomicBoolean();

  public ActiveExpiry(Node node) {
    this.node = node;
  }

  /** One cycle: proposes deletion of up to active-expire-batch expired keys. */
  public void cycle() {
    io.pacraft.replication.ReplicaGroup g = node.group();
    if (g == null || g.role() != Role.LEADER || !inFlight.compareAndSet(false, true)) {
      return;
    }
    List<byte[]> keys = new ArrayList<>();
    long now = node.clock().currentTimeMillis();
    int batch = (int) node.config().getLong(ServerParameters.ACTIVE_EXPIRE_BATCH);
    node.stateMachine().readLock().lock();
    try {
      RocksStore store = node.stateMachine().store();
      try (RocksIterator it = store.db().newIterator(store.expire())) {
        for (it.seekToFirst(); it.isValid() && keys.size() < batch; it.next()) {
          byte[] k = it.key();
          if (Bytes.getLong(k, 0) > now) {
            break;
          }
          keys.add(Arrays.copyOfRange(k, 8, k.length));
        }
      }
    } finally {
      node.stateMachine().readLock().unlock();
    }
    if (keys.isEmpty()) {
      inFlight.set(false);
      return;
    }
    node.propose(LogCommand.expire(now, keys))
        .whenComplete(
            (r, t) -> {
              inFlight.set(false);
              if (t == null && keys.size() == batch) {
                cycle(); // more may be due: keep going while whole batches come back
              }
            });
  }
}
