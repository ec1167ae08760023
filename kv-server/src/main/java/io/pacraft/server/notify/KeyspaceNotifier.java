package io.pacraft.server.notify;

import io.pacraft.server.config.KeyspaceEventFlags;
import io.pacraft.server.config.ServerConfig;
import io.pacraft.server.config.ServerParameters;
import io.pacraft.server.pubsub.PubSub;
import io.pacraft.server.state.ApplyListener;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.KeyEvent;
import java.util.List;

/**
 * Keyspace notifications (notify-keyspace-events): after each applied entry, publishes its events
 * to {@code __keyspace@0__:<key>} (message: the event) and {@code __keyevent@0__:<event>}
 * (message: the key), for the classes the configuration enables. Every replica applies every
 * entry, so each node publishes to its own subscribers: a client subscribed on any member of a
 * shard sees the shard's changes.
 */
public final class KeyspaceNotifier implements ApplyListener {
  private static final byte[] KEYSPACE = Bytes.utf8("__keyspace@0__:");
  private static final byte[] KEYEVENT = Bytes.utf8("__keyevent@0__:");

  private final PubSub pubsub;
  private volatile int flags;

  public KeyspaceNotifier(ServerConfig config, PubSub pubsub) {
    this.pubsub = pubsub;
    this.flags = KeyspaceEventFlags.parse(config.get(ServerParameters.NOTIFY_KEYSPACE_EVENTS));
    config.onChange(
        (name, value) -> {
          if (name.equals(ServerParameters.NOTIFY_KEYSPACE_EVENTS)) {
            flags = KeyspaceEventFlags.parse(value);
          }
        });
  }

  @Override
  public void applied(long index, List<KeyEvent> events) {
    int f = flags;
    if (f == 0 || events.isEmpty() || pubsub.idle()) {
      return;
    }
    for (KeyEvent e : events) {
      if ((f & KeyspaceEventFlags.flag(e.typeClass())) == 0) {
        continue;
      }
      byte[] event = Bytes.utf8(e.event());
      if ((f & KeyspaceEventFlags.KEYSPACE) != 0) {
        pubsub.publish(concat(KEYSPACE, e.key()), event);
      }
      if ((f & KeyspaceEventFlags.KEYEVENT) != 0) {
        pubsub.publish(concat(KEYEVENT, event), e.key());
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
