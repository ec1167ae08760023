package io.pacraft.jepsen.runner;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import io.pacraft.jepsen.verdict.Result;
import io.pacraft.jepsen.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code INCR} as a unique-ID generator ({@code :generate}): no ID is handed out twice, and none is
 * lost — the final {@code GET} ({@code :read}) is at least the highest acknowledged ID, and at most
 * the number of generate calls that may have happened (acknowledged or indeterminate).
 */
public final class IdWorkload implements Workload {
  static final String KEY = "ids";

  @Override
  public String name() {
    return "id";
  }

  @Override
  public Invocation next(Random random, ProcessState state) {
    return new Invocation("generate", null, KEY);
  }

  @Override
  public Object execute(ClientSession session, Invocation op, ProcessState state) {
    if (op.f().equals("read")) {
      String v = session.writer().get(KEY);
      return v == null ? 0L : Long.parseLong(v);
    }
    return session.writer().incr(KEY);
  }

  @Override
  public List<Invocation> finalOperations() {
    return List.of(new Invocation("read", null, KEY));
  }

  @Override
  public Result check(History history, Duration timeLimit) {
    return checkIds(history);
  }

  /** The verdict of an id history. */
  public record IdResult(Verdict verdict, String reason, long acknowledged, long duplicates) implements Result {}

  static IdResult checkIds(History history) {
    Map<Long, Op> seen = new HashMap<>();
    List<String> problems = new ArrayList<>();
    long max = 0;
    long acknowledged = 0;
    long mayHaveHappened = 0;
    long duplicates = 0;
    Long finalRead = null;
    for (Op op : history) {
      if (!op.isClient()) {
        continue;
      }
      if (op.f().equals("generate")) {
        if (op.type() == OpType.OK) {
          acknowledged++;
          mayHaveHappened++;
          long id = ((Number) op.value()).longValue();
          max = Math.max(max, id);
          Op prior = seen.putIfAbsent(id, op);
          if (prior != null) {
            duplicates++;
            if (problems.size() < 5) {
              problems.add("id " + id + " handed out twice (events " + prior.index() + " and " + op.index() + ")");
            }
          }
        } else if (op.type() == OpType.INFO) {
          mayHaveHappened++;
        }
      } else if (op.f().equals("read") && op.type() == OpType.OK) {
        finalRead = ((Number) op.value()).longValue();
      }
    }
    if (finalRead == null) {
      return new IdResult(Verdict.UNKNOWN, "no final read of the counter succeeded; " + acknowledged + " ids acknowledged", acknowledged, duplicates);
    }
    if (finalRead < max) {
      problems.add("final counter " + finalRead + " is below the acknowledged id " + max + ": acknowledged increments lost");
    }
    if (finalRead > mayHaveHappened) {
      problems.add("final counter " + finalRead + " exceeds the " + mayHaveHappened + " increments that may have happened");
    }
    if (!problems.isEmpty()) {
      return new IdResult(Verdict.INVALID, String.join("; ", problems), acknowledged, duplicates);
    }
    return new IdResult(Verdict.VALID, acknowledged + " ids acknowledged, all distinct; final counter " + finalRead
        + " (highest acknowledged " + max + ", at most " + mayHaveHappened + " increments)", acknowledged, duplicates);
  }
}
