package io.pacraft.server.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The node's RocksDB: column families {@code meta} (user key → type, expiry, string value or
 * collection header), {@code data} (collection members), {@code zscore} (sorted-set score index),
 * {@code expire} (expire-at, key: the active-expiry index) and {@code sys} (applied index and
 * counters, cluster state).
 *
 * <p>The replicated log is the write-ahead log: RocksDB's own WAL is disabled and every flush is
 * atomic across column families, so after a crash the database is exactly the state as of some
 * applied index (recorded in {@code sys} by every apply), and the replication layer replays the log
 * from there. The log is only compacted past an index once a checkpoint (which flushes) covers it.
 */
public final class RocksStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  public static final String META = "meta";
  public static final String DATA = "data";
  public static final String ZSCORE = "zscore";
  public static final String EXPIRE = "expire";
  public static final String SYS = "sys";

  private final Path dir;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final LRUCache cache;
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle data;
  private final ColumnFamilyHandle zscore;
  private final ColumnFamilyHandle expire;
  private final ColumnFamilyHandle sys;
  private final WriteOptions writeOptions;
  private final ReadOptions readOptions;
  private final ScanCursors cursors = new ScanCursors();
  private final RecordCache records;
  /**
   * Applier only: true once a collection round that scanned every deletion record found none, until
   * the next deletion record is written ({@link KeyHistory}); false (unknown) when opened.
   */
  private boolean noDeletionRecords;

  /** Opens or creates the database in {@code dir}, with a block cache of {@code cacheBytes}. */
  public RocksStore(Path dir, long cacheBytes) throws IOException {
    this(dir, cacheBytes, 0);
  }

  /**
   * {@link #RocksStore(Path, long)} with a {@link RecordCache} of {@code recordCacheBytes} in front
   * of it for reads outside a batch (0: none).
   */
  public RocksStore(Path dir, long cacheBytes, long recordCacheBytes) throws IOException {
    this.dir = dir;
    this.records = new RecordCache(recordCacheBytes);
    Files.createDirectories(dir);
    cache = new LRUCache(cacheBytes);
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setAtomicFlush(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(3)
            .setMaxTotalWalSize(64L << 20);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, newCfOptions(false)));
    for (String name : List.of(META, DATA, ZSCORE, EXPIRE, SYS)) {
      descriptors.add(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), newCfOptions(name.equals(META) || name.equals(DATA))));
    }
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      close(); // frees the options and cache allocated so far
      throw new IOException("cannot open RocksDB in " + dir + ": " + e.getMessage(), e);
    }
    meta = handles.get(1);
    data = handles.get(2);
    zscore = handles.get(3);
    expire = handles.get(4);
    sys = handles.get(5);
    writeOptions = new WriteOptions().setDisableWAL(true).setSync(false);
    readOptions = new ReadOptions();
  }

  private ColumnFamilyOptions newCfOptions(boolean pointLookups) {
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setBlockSize(16 * 1024)
            .setCacheIndexAndFilterBlocks(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
    if (pointLookups) {
      table.setFilterPolicy(new BloomFilter(10, false));
    }
    ColumnFamilyOptions o =
        new ColumnFamilyOptions()
            .setTableFormatConfig(table)
            .setWriteBufferSize(32L << 20)
            .setMaxWriteBufferNumber(4)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setLevelCompactionDynamicLevelBytes(true);
    cfOptions.add(o);
    return o;
  }

  public RocksDB db() {
    return db;
  }

  public Path dir() {
    return dir;
  }

  public ColumnFamilyHandle meta() {
    return meta;
  }

  public ColumnFamilyHandle data() {
    return data;
  }

  public ColumnFamilyHandle zscore() {
    return zscore;
  }

  public ColumnFamilyHandle expire() {
    return expire;
  }

  public ColumnFamilyHandle sys() {
    return sys;
  }

  /** Every write goes through the state machine with these: no RocksDB WAL (the log is the WAL). */
  public WriteOptions writeOptions() {
    return writeOptions;
  }

  public ReadOptions readOptions() {
    return readOptions;
  }

  /** Recently read records, and the count of batches written, for reads outside a batch. */
  public RecordCache records() {
    return records;
  }

  boolean noDeletionRecords() {
    return noDeletionRecords;
  }

  void noDeletionRecords(boolean none) {
    noDeletionRecords = none;
  }

  /** Cursors of SCAN, HSCAN, SSCAN and ZSCAN over this database. */
  public ScanCursors cursors() {
    return cursors;
  }

  /** All column families but the default one, in a stable order. */
  public List<ColumnFamilyHandle> columnFamilies() {
    return List.of(meta, data, zscore, expire, sys);
  }

  /** Flushes every memtable to disk, atomically across column families (SAVE). */
  public void flush() throws RocksDBException {
    try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
      db.flush(fo, columnFamilies());
    }
  }

  public long longProperty(String property) {
    try {
      long total = 0;
      for (ColumnFamilyHandle h : columnFamilies()) {
        total += db.getLongProperty(h, property);
      }
      return total;
    } catch (RocksDBException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    if (readOptions != null) {
      readOptions.close();
    }
    if (writeOptions != null) {
      writeOptions.close();
    }
    if (db != null) {
      try {
        flush();
      } catch (RocksDBException e) {
        // close anyway: the log replays whatever the flush did not persist
      }
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    if (db != null) {
      db.close();
    }
    for (ColumnFamilyOptions o : cfOptions) {
      o.close();
    }
    if (dbOptions != null) {
      dbOptions.close();
    }
    if (cache != null) {
      cache.close();
    }
  }
}
