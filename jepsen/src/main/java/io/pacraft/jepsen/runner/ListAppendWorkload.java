package io.pacraft.jepsen.runner;

import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import io.pacraft.jepsen.elle.ListAppendChecker;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.MicroOp;
import io.pacraft.jepsen.verdict.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Elle's list-append: transactions ({@code :txn}) of one to four steps, each an append of a unique
 * value to a list ({@code RPUSH}) or a read of a whole list ({@code LRANGE k 0 -1}), run as one
 * {@code MULTI}/{@code EXEC}. Keys share a hash tag (one slot, as MULTI in a cluster requires) and
 * rotate, a few at a time. Checked with the list-append checker for strict serializability.
 */
public final class ListAppendWorkload implements Workload {
  static final int KEYS_AT_ONCE = 4;
  static final int TXNS_PER_KEY = 150;
  private final AtomicLong issued = new AtomicLong();
  private final AtomicLong values = new AtomicLong();
  private final Set<String> keys = new ConcurrentSkipListSet<>();

  @Override
  public String name() {
    return "list-append";
  }

  @Override
  public Invocation next(Random random, ProcessState state) {
    long n = issued.getAndIncrement();
    long base = (n / ((long) TXNS_PER_KEY * KEYS_AT_ONCE)) * KEYS_AT_ONCE;
    int steps = 1 + random.nextInt(4);
    List<MicroOp> txn = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      String key = "{la}" + (base + random.nextInt(KEYS_AT_ONCE));
      keys.add(key);
      txn.add(random.nextBoolean() ? MicroOp.append(key, values.incrementAndGet()) : MicroOp.read(key, null));
    }
    return new Invocation("txn", MicroOp.toValue(txn), null);
  }

  @Override
  public Object execute(ClientSession session, Invocation op, ProcessState state) throws Exception {
    List<MicroOp> steps = MicroOp.parseAll(op.value());
    RedisCommands<String, String> c = session.writer();
    c.multi();
    boolean queued = false;
    try {
      for (MicroOp m : steps) {
        if (m.f().equals("append")) {
          c.rpush((String) m.key(), m.value().toString());
        } else {
          c.lrange((String) m.key(), 0, -1);
        }
      }
      queued = true;
    } finally {
      if (!queued) {
        try {
          c.discard();
        } catch (RuntimeException ignored) {
          // the connection is gone; the transaction never ran
        }
      }
    }
    TransactionResult r = c.exec();
    if (r.wasDiscarded()) {
      throw new Refused("EXECABORT");
    }
    List<MicroOp> done = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      MicroOp m = steps.get(i);
      Object reply = r.get(i);
      if (reply instanceof Exception e) {
        throw e;
      }
      if (m.f().equals("r")) {
        List<Long> list = new ArrayList<>();
        for (Object o : (List<?>) reply) {
          list.add(Long.parseLong(o.toString()));
        }
        done.add(MicroOp.read(m.key(), list));
      } else {
        done.add(m);
      }
    }
    return MicroOp.toValue(done);
  }

  @Override
  public List<Invocation> finalOperations() {
    List<Invocation> out = new ArrayList<>();
    List<MicroOp> reads = new ArrayList<>();
    for (String k : new TreeSet<>(keys)) {
      reads.add(MicroOp.read(k, null));
      if (reads.size() == 8) {
        out.add(new Invocation("txn", MicroOp.toValue(reads), null));
        reads = new ArrayList<>();
      }
    }
    if (!reads.isEmpty()) {
      out.add(new Invocation("txn", MicroOp.toValue(reads), null));
    }
    return out;
  }

  @Override
  public Result check(History history, Duration timeLimit) {
    return ListAppendChecker.check(history);
  }
}
