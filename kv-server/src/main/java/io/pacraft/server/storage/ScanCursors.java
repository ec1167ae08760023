package io.pacraft.server.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SCAN-family cursors. RocksDB iterates in key order, so a cursor is a number standing for the last
 * key a SCAN returned; the numbers are kept in a bounded LRU map. A cursor that is unknown (evicted,
 * or issued by another node before a failover) restarts the iteration: SCAN may then return
 * elements twice, which its guarantees allow, but never misses one.
 */
public final class ScanCursors {
  private static final int CAPACITY = 65536;

  private final Map<Long, byte[]> positions =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
          return size() > CAPACITY;
        }
      };
  private long next = 1 + ThreadLocalRandom.current().nextLong(1L << 40);

  /** A new cursor standing for {@code lastKey}. */
  public synchronized long save(byte[] lastKey) {
    long id = next++;
    positions.put(id, lastKey);
    return id;
  }

  /** Where cursor {@code id} stands; null for 0 or an unknown cursor (start from the beginning). */
  public synchronized byte[] position(long id) {
    return id == 0 ? null : positions.get(id);
  }
}
