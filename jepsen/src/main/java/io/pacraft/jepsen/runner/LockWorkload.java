package io.pacraft.jepsen.runner;

import io.lettuce.core.SetArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.pacraft.jepsen.check.CheckSettings;
import io.pacraft.jepsen.check.HistoryCheck;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.model.ModelKind;
import io.pacraft.jepsen.verdict.Result;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classic Redis lock: {@code SET k token NX PX ttl} to {@code :acquire}, {@code DELEX k IFEQ
 * token} to {@code :release}. A process that holds a lock releases it next, and again after a
 * release refused before it ran; {@code nil} / {@code 0} replies are definite failures. Checked per
 * key as a mutex (no two holders at once). The TTL ({@value #TTL_MS} ms) is far above the client
 * timeout and any outage a fault causes, so only a broken store (or a wall clock jumping by more
 * than the TTL) lets a lock expire under a holder that is still trying to release it.
 */
public final class LockWorkload implements Workload {
  static final long TTL_MS = 30_000;
  static final int LOCKS = 3;
  private static final ProtocolKeyword DELEX = new ProtocolKeyword() {
    @Override
    public byte[] getBytes() {
      return "DELEX".getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
      return "DELEX";
    }
  };
  private final AtomicLong tokens = new AtomicLong();

  private record Held(String key, String token) {}

  @Override
  public String name() {
    return "lock";
  }

  @Override
  public Invocation next(Random random, ProcessState state) {
    if (state.held instanceof Held h) {
      return new Invocation("release", null, h.key());
    }
    return new Invocation("acquire", null, "lock" + random.nextInt(LOCKS));
  }

  @Override
  public Object execute(ClientSession session, Invocation op, ProcessState state) throws Exception {
    String key = (String) op.key();
    if (op.f().equals("acquire")) {
      String token = "t" + tokens.incrementAndGet();
      String reply = session.writer().set(key, token, SetArgs.Builder.nx().px(TTL_MS));
      if (reply == null) {
        throw new Refused(null);
      }
      state.held = new Held(key, token);
      return null;
    }
    Held h = (Held) state.held;
    // A release refused before it ran (a redirect, a node down) leaves the lock held: the holder
    // tries again next, rather than walking away and letting the TTL free the lock, which a mutex
    // without leases would count as two holders. An indeterminate release retires the process.
    Long n = session.writer().dispatch(DELEX, new IntegerOutput<>(StringCodec.UTF8),
        new CommandArgs<>(StringCodec.UTF8).addKey(key).add("IFEQ").addValue(h.token()));
    state.held = null;
    if (n == null || n == 0) {
      throw new Refused(null);
    }
    return null;
  }

  @Override
  public List<Invocation> finalOperations() {
    return List.of();
  }

  @Override
  public Result check(History history, Duration timeLimit) {
    return HistoryCheck.check(history, CheckSettings.defaults().withModel(ModelKind.MUTEX).withTimeLimit(timeLimit));
  }
}
