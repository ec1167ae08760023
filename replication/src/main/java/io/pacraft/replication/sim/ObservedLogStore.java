package io.pacraft.replication.sim;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.log.LogStore;
import java.util.List;

/** A node's log store, reporting every append to the invariants. */
final class ObservedLogStore implements LogStore {
  private final NodeId node;
  private final LogStore delegate;
  private final List<Invariant> invariants;

  ObservedLogStore(NodeId node, LogStore delegate, List<Invariant> invariants) {
    this.node = node;
    this.delegate = delegate;
    this.invariants = invariants;
  }

  @Override
  public long firstIndex() {
    return delegate.firstIndex();
  }

  @Override
  public long lastIndex() {
    return delegate.lastIndex();
  }

  @Override
  public long term(long index) {
    return delegate.term(index);
  }

  @Override
  public LogEntry entry(long index) {
    return delegate.entry(index);
  }

  @Override
  public List<LogEntry> entries(long from, long to, long maxBytes) {
    return delegate.entries(from, to, maxBytes);
  }

  @Override
  public void append(List<LogEntry> entries, Runnable onDurable) {
    delegate.append(entries, onDurable);
    for (Invariant i : invariants) {
      i.onAppend(node, entries, delegate);
    }
  }

  @Override
  public void appendDeferred(List<LogEntry> entries) {
    delegate.appendDeferred(entries);
    for (Invariant i : invariants) {
      i.onAppend(node, entries, delegate);
    }
  }

  @Override
  public void sync(Runnable onDurable) {
    delegate.sync(onDurable);
  }

  @Override
  public byte[] hardState() {
    return delegate.hardState();
  }

  @Override
  public void saveHardState(byte[] state, Runnable onDurable) {
    delegate.saveHardState(state, onDurable);
  }

  @Override
  public long snapshotIndex() {
    return delegate.snapshotIndex();
  }

  @Override
  public long snapshotTerm() {
    return delegate.snapshotTerm();
  }

  @Override
  public void compact(long index, long term, long retain, Runnable onDurable) {
    delegate.compact(index, term, retain, onDurable);
  }

  @Override
  public long sizeBytes() {
    return delegate.sizeBytes();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void onFailure(java.util.function.Consumer<java.io.IOException> handler) {
    delegate.onFailure(handler);
  }

  @Override
  public java.io.IOException failure() {
    return delegate.failure();
  }
}
