package io.pacraft.replication.log;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A replica's durable log and hard state, shared by every protocol. Called only from the group's
 * scheduler thread; durability callbacks also run there, in the order the writes were issued.
 *
 * <p>Writes take effect in memory at once (so a leader can send entries while its own disk write is
 * in flight) and become durable later: {@code onDurable} runs once the write, and every write issued
 * before it, has been fsynced. Writes that arrive while a sync is running share the next sync (group
 * commit). After a crash, the store recovers exactly a prefix of the issued writes that includes
 * every write whose callback ran.
 */
public interface LogStore extends AutoCloseable {
  /** Index of the first entry held; {@code snapshotIndex() + 1} when the prefix was compacted. */
  long firstIndex();

  /** Index of the last entry held, or {@link #snapshotIndex()} when none is. */
  long lastIndex();

  /** Term of the entry at {@code index}, which must be in [snapshotIndex(), lastIndex()]. */
  long term(long index);

  /** The entry at {@code index}, in [firstIndex(), lastIndex()]. */
  LogEntry entry(long index);

  /**
   * Entries from {@code from} (inclusive) to {@code to} (exclusive), stopping early once {@code
   * maxBytes} would be exceeded, though always at least one.
   */
  List<LogEntry> entries(long from, long to, long maxBytes);

  /**
   * Appends {@code entries} (consecutive indexes). If the first index is ≤ lastIndex(), every held
   * entry from that index on is discarded first (a follower overwriting a conflicting suffix). The
   * first index must be in [firstIndex(), lastIndex() + 1].
   */
  void append(List<LogEntry> entries, Runnable onDurable);

  /**
   * Appends like {@link #append} but asks for no sync: the entries are written in order with
   * everything else and become durable with the next {@link #append}, {@link #saveHardState},
   * {@link #compact} or {@link #sync}. A crash before then may lose them (with everything after).
   */
  void appendDeferred(List<LogEntry> entries);

  /** Runs {@code onDurable} once everything appended so far is durable. */
  void sync(Runnable onDurable);

  /** The protocol's hard state (Raft: term and vote), as last saved; empty array when never saved. */
  byte[] hardState();

  /** Replaces the hard state; {@code onDurable} runs after it, and every earlier write, is synced. */
  void saveHardState(byte[] state, Runnable onDurable);

  /** Index of the last entry covered by the latest snapshot, 0 when none. */
  long snapshotIndex();

  /** Term of the entry at {@link #snapshotIndex()}. */
  long snapshotTerm();

  /**
   * Records that a snapshot covers every entry up to {@code index} (of {@code term}), and deletes
   * entries ≤ index, except that up to {@code retain} entries before it may be kept for lagging
   * followers. If {@code index} > lastIndex(), or the entry held at {@code index} has another term
   * than {@code term}, the whole log is discarded (a follower that installed a snapshot) and the
   * next append starts at index + 1.
   */
  void compact(long index, long term, long retain, Runnable onDurable);

  /** Bytes of log currently on disk. */
  long sizeBytes();

  @Override
  void close();

  /**
   * Registers what runs (each handler once, on the store's scheduler) when a write or sync of the
   * log fails (a full disk, an I/O error): from then on nothing more becomes durable, the callbacks
   * still waiting for a sync never run, and every later write throws. The owner must settle what
   * it was waiting for: records written but not known to be synced may or may not survive a
   * restart. If the store has already failed, {@code handler} is scheduled at once.
   */
  void onFailure(Consumer<IOException> handler);

  /**
   * Adds the log's fields to a replica's status (INFO): {@code log_first_index}, {@code
   * log_last_index}, {@code log_size_bytes}, {@code snapshot_index}. Raft and PacificA report them
   * alike.
   */
  default void putStatus(Map<String, String> status) {
    status.put("log_first_index", Long.toString(firstIndex()));
    status.put("log_last_index", Long.toString(lastIndex()));
    status.put("log_size_bytes", Long.toString(sizeBytes()));
    status.put("snapshot_index", Long.toString(snapshotIndex()));
    status.put("log_write_status", failure() == null ? "ok" : "err");
  }

  /** Why the store stopped writing, or null while it works. */
  IOException failure();
}
