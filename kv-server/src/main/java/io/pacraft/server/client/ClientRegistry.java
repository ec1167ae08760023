package io.pacraft.server.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every connected client, by id: CLIENT LIST/KILL, INFO clients, maxclients. */
public final class ClientRegistry {
  private final AtomicLong nextId = new AtomicLong(1);
  private final ConcurrentSkipListMap<Long, ClientSession> clients = new ConcurrentSkipListMap<>();
  private final AtomicLong totalConnections = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  public long nextId() {
    return nextId.getAndIncrement();
  }

  public void add(ClientSession s) {
    clients.put(s.id(), s);
    totalConnections.incrementAndGet();
  }

  public void remove(ClientSession s) {
    clients.remove(s.id());
  }

  public ClientSession get(long id) {
    return clients.get(id);
  }

  public Collection<ClientSession> all() {
    return clients.values();
  }

  public List<ClientSession> snapshot() {
    return new ArrayList<>(clients.values());
  }

  public int size() {
    return clients.size();
  }

  public long totalConnections() {
    return totalConnections.get();
  }

  public void countRejected() {
    rejected.incrementAndGet();
  }

  public long rejected() {
    return rejected.get();
  }
}
