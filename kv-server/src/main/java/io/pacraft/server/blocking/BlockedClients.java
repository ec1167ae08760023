package io.pacraft.server.blocking;

import io.pacraft.resp.RespValue;
import io.pacraft.server.Node;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.BlockingCommand;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.state.ApplyListener;
import io.pacraft.server.storage.ByteString;
import io.pacraft.server.storage.KeyEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Clients waiting in BLPOP, BLMOVE, BZPOPMIN... Every pop, the first and each retry, is a write
 * proposed through the log, so on a replicated shard only one of two clients waiting for the same
 * element gets it, on every replica alike. A client whose attempt comes back empty waits in a FIFO
 * queue per key; writes wake it as they are <em>applied</em> (this is an {@link ApplyListener}),
 * so pushes arriving through the log, or inside a MULTI whose EXEC applies them together, wake it
 * too. Per key only the longest-waiting client attempts at a time; if it gets an element the next
 * one tries (more may be left), if its attempt comes back empty it keeps its place and waits
 * again. A write applied while an attempt is in flight makes that client try once more, so no
 * wake-up is lost between an empty attempt and the wait.
 */
public final class BlockedClients implements ApplyListener, AutoCloseable {
  private final Node node;
  private final Map<ByteString, ArrayDeque<Waiter>> byKey = new HashMap<>(); // guarded by this
  /** {@code byKey.size()}, written under the lock: applying a write checks it without taking the lock. */
  private volatile int waitedKeys;
  private final Map<ClientSession, Waiter> bySession = new HashMap<>(); // guarded by this
  private final Set<ClientSession> hooked = Collections.newSetFromMap(new WeakHashMap<>()); // guarded by this
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pacraft-blocking-timeouts");
            t.setDaemon(true);
            return t;
          });

  public BlockedClients(Node node) {
    this.node = node;
  }

  /** One blocked client. */
  private final class Waiter {
    final ClientSession session;
    final byte[][] argv;
    final Set<ByteString> keys;
    final CompletableFuture<RespValue> reply = new CompletableFuture<>();
    ScheduledFuture<?> timeout;
    int attempts;
    boolean trying;
    boolean dirty;
    boolean timedOut;
    boolean done;

    Waiter(ClientSession session, byte[][] argv, Set<ByteString> keys) {
      this.session = session;
      this.argv = argv;
      this.keys = keys;
    }
  }

  /** Number of clients blocked now. */
  public synchronized int count() {
    return bySession.size();
  }

  /**
   * Runs a blocking command for {@code session}: its first attempt goes through the log; if that
   * comes back empty the client waits for writes to its keys, or for its timeout.
   */
  public CompletionStage<RespValue> execute(ClientSession session, CommandSpec spec, BlockingCommand command, CommandArgs args) {
    long timeoutMillis = command.timeoutMillis(args);
    Set<ByteString> keys = new LinkedHashSet<>();
    for (int p : spec.keyPositions(args.argv())) {
      keys.add(ByteString.of(args.arg(p)));
    }
    Waiter w = new Waiter(session, args.argv(), keys);
    boolean hook;
    synchronized (this) {
      hook = hooked.add(session);
      bySession.put(session, w);
      for (ByteString k : keys) {
        byKey.computeIfAbsent(k, x -> new ArrayDeque<>()).add(w);
      }
      waitedKeys = byKey.size();
      w.trying = true;
    }
    if (hook) {
      session.connection().onClose(this::cancel);
    }
    session.blocked(true);
    if (timeoutMillis > 0) {
      w.timeout = timer.schedule(() -> timedOut(w), timeoutMillis, TimeUnit.MILLISECONDS);
    }
    propose(w);
    return w.reply;
  }

  private void propose(Waiter w) {
    w.attempts++;
    node.write(w.argv).whenComplete((r, t) -> attempted(w, r, t));
  }

  private void attempted(Waiter w, RespValue r, Throwable t) {
    List<Waiter> next = new ArrayList<>();
    RespValue deliver = null;
    Throwable failure = null;
    boolean retry = false;
    synchronized (this) {
      if (w.done) {
        return; // killed while its attempt was in flight
      }
      w.trying = false;
      boolean empty = t == null && (r instanceof RespValue.Null || w.attempts > 1 && isWrongType(r));
      if (t != null) {
        failure = t;
      } else if (!empty) {
        deliver = r;
      } else if (w.timedOut) {
        deliver = RespValue.NULL_ARRAY;
      } else if (w.dirty) {
        w.dirty = false;
        w.trying = true;
        retry = true;
      }
      if (deliver != null || failure != null) {
        finish(w);
        if (deliver != null && !(deliver instanceof RespValue.Null)) {
          // It got an element: more may be left for the next waiter on its keys.
          for (ByteString k : w.keys) {
            Waiter n = head(k);
            if (n != null && !n.trying) {
              n.trying = true;
              next.add(n);
            } else if (n != null) {
              n.dirty = true;
            }
          }
        }
      }
    }
    if (retry) {
      propose(w);
    }
    if (failure != null) {
      w.reply.completeExceptionally(failure);
    } else if (deliver != null) {
      w.reply.complete(deliver);
    }
    for (Waiter n : next) {
      propose(n);
    }
  }

  private static boolean isWrongType(RespValue r) {
    return r instanceof RespValue.Error e && e.message().startsWith("WRONGTYPE");
  }

  /** The longest-waiting client on {@code key}, or null. Caller holds the lock. */
  private Waiter head(ByteString key) {
    ArrayDeque<Waiter> q = byKey.get(key);
    return q == null ? null : q.peekFirst();
  }

  /** Removes {@code w} from every queue. Caller holds the lock. */
  private void finish(Waiter w) {
    w.done = true;
    bySession.remove(w.session);
    for (ByteString k : w.keys) {
      ArrayDeque<Waiter> q = byKey.get(k);
      if (q != null) {
        q.remove(w);
        if (q.isEmpty()) {
          byKey.remove(k);
        }
      }
    }
    waitedKeys = byKey.size();
    if (w.timeout != null) {
      w.timeout.cancel(false);
    }
    w.session.blocked(false);
  }

  private void timedOut(Waiter w) {
    synchronized (this) {
      if (w.done) {
        return;
      }
      if (w.trying) {
        w.timedOut = true; // answered when the attempt in flight comes back
        return;
      }
      finish(w);
    }
    w.reply.complete(RespValue.NULL_ARRAY);
  }

  /** The client is gone (connection closed, CLIENT KILL): it stops waiting, unanswered. */
  public void cancel(ClientSession session) {
    synchronized (this) {
      Waiter w = bySession.get(session);
      if (w != null) {
        finish(w);
      }
    }
  }

  /** Writes applied: the first waiter on each written key tries again. */
  @Override
  public void applied(long index, List<KeyEvent> events) {
    // A client that registers after this check makes its first attempt through the log, after
    // this entry: it cannot miss what this entry wrote.
    if (events.isEmpty() || waitedKeys == 0) {
      return;
    }
    List<Waiter> wake = null;
    synchronized (this) {
      if (byKey.isEmpty()) {
        return;
      }
      for (KeyEvent e : events) {
        Waiter w = head(ByteString.of(e.key()));
        if (w == null) {
          continue;
        }
        if (w.trying) {
          w.dirty = true;
        } else {
          w.trying = true;
          if (wake == null) {
            wake = new ArrayList<>(2);
          }
          wake.add(w);
        }
      }
    }
    if (wake != null) {
      for (Waiter w : wake) {
        propose(w);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
