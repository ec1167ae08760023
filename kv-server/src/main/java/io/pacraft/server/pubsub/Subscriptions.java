package io.pacraft.server.pubsub;

import io.pacraft.server.storage.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One client's channels, patterns and shard channels, in subscription order. */
public final class Subscriptions {
  private final Set<ByteString> channels = new LinkedHashSet<>();
  private final Set<ByteString> patterns = new LinkedHashSet<>();
  private final Set<ByteString> shardChannels = new LinkedHashSet<>();
  private boolean closeHookSet;
  /** {@link #total}, kept so that every command's subscribe-mode check reads it without the lock. */
  private volatile int total;

  /** True the first time it is called: the caller registers the close hook that unsubscribes. */
  public synchronized boolean needsCloseHook() {
    boolean first = !closeHookSet;
    closeHookSet = true;
    return first;
  }

  private Set<ByteString> set(PubSub.Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD -> shardChannels;
    };
  }

  /** Adds {@code name}; true when it is new. */
  public synchronized boolean add(PubSub.Kind kind, ByteString name) {
    boolean added = set(kind).add(name);
    total = channels.size() + patterns.size() + shardChannels.size();
    return added;
  }

  /** Removes {@code name}; true when it was there. */
  public synchronized boolean remove(PubSub.Kind kind, ByteString name) {
    boolean removed = set(kind).remove(name);
    total = channels.size() + patterns.size() + shardChannels.size();
    return removed;
  }

  public synchronized List<ByteString> all(PubSub.Kind kind) {
    return new ArrayList<>(set(kind));
  }

  public synchronized int count(PubSub.Kind kind) {
    return set(kind).size();
  }

  /** What (P)SUBSCRIBE and (P)UNSUBSCRIBE replies count: channels plus patterns. */
  public synchronized int classic() {
    return channels.size() + patterns.size();
  }

  public int total() {
    return total;
  }
}
