package io.pacraft.replication.log;

/**
 * The held entries' terms and file positions in a ring of primitive arrays, plus a cache of the
 * most recent entries themselves. Entries occupy [{@link #first()}, {@link #next()}); entries at or
 * after the cache cursor that were appended in this process are cached.
 */
final class EntryIndex {
  private long[] terms;
  private long[] positions;
  private LogEntry[] entries;
  private int mask;
  private int head;
  private int size;
  private long first;
  private long cacheCursor;
  private long cachedBytes;

  EntryIndex(long first) {
    terms = new long[1024];
    positions = new long[1024];
    entries = new LogEntry[1024];
    mask = 1023;
    this.first = first;
    this.cacheCursor = first;
  }

  long first() {
    return first;
  }

  /** Index the next appended entry gets. */
  long next() {
    return first + size;
  }

  int size() {
    return size;
  }

  long cachedBytes() {
    return cachedBytes;
  }

  boolean holds(long index) {
    return index >= first && index < first + size;
  }

  private int slot(long index) {
    return (int) (head + (index - first)) & mask;
  }

  long term(long index) {
    return terms[slot(index)];
  }

  long position(long index) {
    return positions[slot(index)];
  }

  /** The cached entry, or null when it must be read from disk. */
  LogEntry cached(long index) {
    return entries[slot(index)];
  }

  /** Appends the entry at {@link #next()}; {@code entry} is cached when not null. */
  void add(long term, long position, LogEntry entry) {
    if (size == terms.length) {
      grow();
    }
    int s = (head + size) & mask;
    terms[s] = term;
    positions[s] = position;
    entries[s] = entry;
    if (entry != null) {
      cachedBytes += entry.sizeEstimate();
    } else if (cacheCursor == first + size) {
      cacheCursor++;
    }
    size++;
  }

  /** Removes every entry after {@code index}; below {@link #first()} - 1 this empties the index at index + 1. */
  void truncateAfter(long index) {
    if (index < first - 1) {
      reset(index + 1);
      return;
    }
    while (first + size - 1 > index) {
      int s = (head + size - 1) & mask;
      release(s);
      size--;
    }
    cacheCursor = Math.min(cacheCursor, first + size);
  }

  /** Removes every entry before {@code index}; past {@link #next()} this empties the index at {@code index}. */
  void dropBefore(long index) {
    if (index >= first + size) {
      reset(index);
      return;
    }
    while (first < index) {
      release(head);
      head = (head + 1) & mask;
      size--;
      first++;
    }
    cacheCursor = Math.max(cacheCursor, first);
  }

  /** Empties the index; the next entry added gets {@code next}. */
  void reset(long next) {
    for (int i = 0; i < size; i++) {
      release((head + i) & mask);
    }
    head = 0;
    size = 0;
    first = next;
    cacheCursor = next;
    cachedBytes = 0;
  }

  /**
   * Drops cached entries, oldest first, while the cache holds more than {@code limitBytes}, but only
   * those written at a position below {@code durablePosition} (readable back from the files).
   */
  void evict(long limitBytes, long durablePosition) {
    while (cachedBytes > limitBytes && cacheCursor < first + size) {
      int s = slot(cacheCursor);
      if (positions[s] >= durablePosition) {
        return;
      }
      release(s);
      entries[s] = null;
      cacheCursor++;
    }
  }

  private void release(int s) {
    LogEntry e = entries[s];
    if (e != null) {
      cachedBytes -= e.sizeEstimate();
      entries[s] = null;
    }
  }

  private void grow() {
    int n = terms.length * 2;
    long[] t = new long[n];
    long[] p = new long[n];
    LogEntry[] e = new LogEntry[n];
    for (int i = 0; i < size; i++) {
      int s = (head + i) & mask;
      t[i] = terms[s];
      p[i] = positions[s];
      e[i] = entries[s];
    }
    terms = t;
    positions = p;
    entries = e;
    head = 0;
    mask = n - 1;
  }
}
