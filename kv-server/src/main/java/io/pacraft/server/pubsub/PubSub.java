package io.pacraft.server.pubsub;

import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.glob.GlobPattern;
import io.pacraft.server.storage.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's publish/subscribe registry: who listens to which channel, pattern and shard channel.
 * Messages go to this node's subscribers only (a shard's replicas all apply the same writes, so
 * keyspace notifications are published on each of them, to their own subscribers). Thread-safe:
 * sessions subscribe from their event loops, PUBLISH and notifications publish from anywhere.
 */
public final class PubSub {
  private static final RespValue MESSAGE = RespValue.bulk("message");
  private static final RespValue PMESSAGE = RespValue.bulk("pmessage");
  private static final RespValue SMESSAGE = RespValue.bulk("smessage");

  private final Map<ByteString, Set<ClientSession>> channels = new ConcurrentHashMap<>();
  private final Map<ByteString, Set<ClientSession>> shardChannels = new ConcurrentHashMap<>();
  private final Map<ByteString, Pattern> patterns = new ConcurrentHashMap<>();

  private static final class Pattern {
    final GlobPattern glob;
    final Set<ClientSession> subscribers = ConcurrentHashMap.newKeySet();

    Pattern(byte[] pattern) {
      this.glob = GlobPattern.compile(pattern);
    }
  }

  /** The kind of a subscription, with Redis' reply words. */
  public enum Kind {
    CHANNEL("subscribe", "unsubscribe"),
    PATTERN("psubscribe", "punsubscribe"),
    SHARD("ssubscribe", "sunsubscribe");

    final String subscribeWord;
    final String unsubscribeWord;

    Kind(String subscribeWord, String unsubscribeWord) {
      this.subscribeWord = subscribeWord;
      this.unsubscribeWord = unsubscribeWord;
    }
  }

  public void subscribe(Kind kind, ByteString name, ClientSession s) {
    if (kind == Kind.PATTERN) {
      patterns.computeIfAbsent(name, n -> new Pattern(n.bytes())).subscribers.add(s);
    } else {
      map(kind).computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet()).add(s);
    }
  }

  public void unsubscribe(Kind kind, ByteString name, ClientSession s) {
    if (kind == Kind.PATTERN) {
      patterns.computeIfPresent(name, (n, p) -> p.subscribers.remove(s) && p.subscribers.isEmpty() ? null : p);
    } else {
      map(kind).computeIfPresent(name, (n, set) -> set.remove(s) && set.isEmpty() ? null : set);
    }
  }

  private Map<ByteString, Set<ClientSession>> map(Kind kind) {
    return kind == Kind.SHARD ? shardChannels : channels;
  }

  /** Drops every subscription of {@code s} (RESET, connection closed). */
  public void unsubscribeAll(ClientSession s) {
    for (Kind kind : Kind.values()) {
      for (ByteString name : s.subscriptions().all(kind)) {
        s.subscriptions().remove(kind, name);
        unsubscribe(kind, name, s);
      }
    }
  }

  /** True when nobody subscribes to anything (publishing can be skipped). */
  public boolean idle() {
    return channels.isEmpty() && patterns.isEmpty();
  }

  /** PUBLISH: delivers to channel and pattern subscribers; returns how many received it. */
  public long publish(byte[] channel, byte[] message) {
    long n = 0;
    RespValue ch = RespValue.bulk(channel);
    RespValue msg = RespValue.bulk(message);
    Set<ClientSession> subs = channels.get(ByteString.of(channel));
    if (subs != null) {
      RespValue push = new RespValue.Push(List.of(MESSAGE, ch, msg));
      for (ClientSession s : subs) {
        s.push(push);
        n++;
      }
    }
    for (Map.Entry<ByteString, Pattern> e : patterns.entrySet()) {
      Pattern p = e.getValue();
      if (p.glob.matches(channel)) {
        RespValue push = new RespValue.Push(List.of(PMESSAGE, RespValue.bulk(e.getKey().bytes()), ch, msg));
        for (ClientSession s : p.subscribers) {
          s.push(push);
          n++;
        }
      }
    }
    return n;
  }

  /** SPUBLISH: delivers to the shard channel's subscribers. */
  public long publishShard(byte[] channel, byte[] message) {
    Set<ClientSession> subs = shardChannels.get(ByteString.of(channel));
    if (subs == null) {
      return 0;
    }
    RespValue push = new RespValue.Push(List.of(SMESSAGE, RespValue.bulk(channel), RespValue.bulk(message)));
    long n = 0;
    for (ClientSession s : subs) {
      s.push(push);
      n++;
    }
    return n;
  }

  /** Active channels (or shard channels) matching {@code pattern} (null = all). */
  public List<byte[]> channels(Kind kind, GlobPattern pattern) {
    List<byte[]> out = new ArrayList<>();
    for (ByteString c : map(kind).keySet()) {
      if (pattern == null || pattern.matches(c.bytes())) {
        out.add(c.bytes());
      }
    }
    return out;
  }

  /** Subscribers of a channel (or shard channel). */
  public int subscribers(Kind kind, byte[] channel) {
    Set<ClientSession> subs = map(kind).get(ByteString.of(channel));
    return subs == null ? 0 : subs.size();
  }

  /** Distinct patterns with subscribers (PUBSUB NUMPAT). */
  public int patternCount() {
    return patterns.size();
  }

  /** Channels with subscribers (INFO pubsub_channels). */
  public int channelCount() {
    return channels.size();
  }
}
