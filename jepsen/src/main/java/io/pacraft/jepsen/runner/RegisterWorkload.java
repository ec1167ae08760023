package io.pacraft.jepsen.runner;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.pacraft.jepsen.check.CheckSettings;
import io.pacraft.jepsen.check.HistoryCheck;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.linear.CasFailure;
import io.pacraft.jepsen.model.ModelKind;
import io.pacraft.jepsen.verdict.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compare-and-set registers: {@code GET} is {@code :read}, {@code SET} is {@code :write}, {@code SET
 * k new IFEQ old} is {@code :cas [old new]} (nil: the register held something else, recorded as a
 * definite {@code :fail}). Keys rotate: a few at a time, each for about {@value #OPS_PER_KEY}
 * operations, so every key's history stays small enough for the linearizability search. Checked
 * per key as a cas-register with {@code --cas-fail definite}.
 */
public final class RegisterWorkload implements Workload {
  static final int KEYS_AT_ONCE = 5;
  static final int OPS_PER_KEY = 120;
  private final AtomicLong issued = new AtomicLong();
  private final Set<String> keys = ConcurrentHashMap.newKeySet();

  @Override
  public String name() {
    return "register";
  }

  @Override
  public Invocation next(Random random, ProcessState state) {
    long n = issued.getAndIncrement();
    String key = "r" + ((n / ((long) OPS_PER_KEY * KEYS_AT_ONCE)) * KEYS_AT_ONCE + random.nextInt(KEYS_AT_ONCE));
    keys.add(key);
    int dice = random.nextInt(4);
    if (dice < 2) {
      return new Invocation("read", null, key);
    }
    if (dice == 2) {
      return new Invocation("write", (long) random.nextInt(5), key);
    }
    return new Invocation("cas", List.of((long) random.nextInt(5), (long) random.nextInt(5)), key);
  }

  @Override
  public Object execute(ClientSession session, Invocation op, ProcessState state) throws Exception {
    String key = (String) op.key();
    switch (op.f()) {
      case "read" -> {
        String v = session.reader().get(key);
        return v == null ? null : Long.parseLong(v);
      }
      case "write" -> {
        session.writer().set(key, op.value().toString());
        return op.value();
      }
      case "cas" -> {
        List<?> v = (List<?>) op.value();
        String reply = session.writer().dispatch(CommandType.SET, new StatusOutput<>(StringCodec.UTF8),
            new CommandArgs<>(StringCodec.UTF8).addKey(key).addValue(v.get(1).toString()).add("IFEQ").addValue(v.get(0).toString()));
        if (reply == null) {
          throw new Refused(null);
        }
        return op.value();
      }
      default -> throw new IllegalArgumentException(op.f());
    }
  }

  @Override
  public List<Invocation> finalOperations() {
    List<Invocation> out = new ArrayList<>();
    keys.stream().sorted().forEach(k -> out.add(new Invocation("read", null, k)));
    return out;
  }

  @Override
  public Result check(History history, Duration timeLimit) {
    return HistoryCheck.check(history, CheckSettings.defaults()
        .withModel(ModelKind.CAS_REGISTER)
        .withCasFailure(CasFailure.DEFINITE)
        .withTimeLimit(timeLimit));
  }
}
