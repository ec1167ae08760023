package io.pacraft.server.state;

import io.pacraft.server.storage.KeyEvent;
import java.util.List;

/**
 * Told, on the apply thread, after each entry's writes are visible: what blocked clients, WATCH,
 * and keyspace notifications react to. Must be quick and must not block.
 */
@FunctionalInterface
public interface ApplyListener {
  void applied(long index, List<KeyEvent> events);
}
