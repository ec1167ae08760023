package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.MicroOp;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import io.pacraft.jepsen.model.Call;
import io.pacraft.jepsen.model.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random concurrent histories that are linearizable by construction: clients invoke operations,
 * each takes effect on a real sequential state at a random moment before its completion (or, for
 * a crashed client, maybe never), and completions report what that effect observed. Plus
 * mutations that may break them.
 */
final class HistoryGenerator {
  /** The workloads the generator drives. */
  enum Workload { CAS_REGISTER, MUTEX, MULTI_REGISTER, LIST_APPEND, KV, SET }

  private final SplittableRandom random;
  private final Workload workload;
  private final Model model;
  private final CasFailure casFailure;
  private long nextUnique = 1;

  HistoryGenerator(long seed, Workload workload, Model model, CasFailure casFailure) {
    this.random = new SplittableRandom(seed);
    this.workload = workload;
    this.model = model;
    this.casFailure = casFailure;
  }

  private static final class Pending {
    final long process;
    final Op invocation;
    Object output;
    boolean applied;
    boolean refused;

    Pending(long process, Op invocation) {
      this.process = process;
      this.invocation = invocation;
    }
  }

  /** A valid history of {@code calls} operations over {@code processes} clients. */
  History generate(int processes, int calls) {
    List<Op> ops = new ArrayList<>();
    Map<Long, Pending> running = new HashMap<>();
    Object state = model.initialState();
    int invoked = 0;
    long nextProcess = processes;
    List<Long> idle = new ArrayList<>();
    for (long p = 0; p < processes; p++) {
      idle.add(p);
    }
    while (invoked < calls || !running.isEmpty()) {
      int choice = random.nextInt(4);
      if (choice == 0 && invoked < calls && !idle.isEmpty()) {
        long p = idle.remove(random.nextInt(idle.size()));
        String f = f();
        Op inv = Op.invoke(p, f, input(f));
        ops.add(inv);
        running.put(p, new Pending(p, inv));
        invoked++;
        continue;
      }
      if (running.isEmpty()) {
        continue;
      }
      List<Long> ps = new ArrayList<>(running.keySet());
      ps.sort(null);
      Pending pending = running.get(ps.get(random.nextInt(ps.size())));
      if (choice == 1 && !pending.applied) {
        state = apply(state, pending);
        continue;
      }
      if (choice == 2 || choice == 3) {
        int how = random.nextInt(10);
        Op inv = pending.invocation;
        if (how == 0) {
          // crash: it may take effect now or never; the process is replaced
          if (!pending.applied && random.nextBoolean()) {
            state = apply(state, pending);
          }
          ops.add(Op.info(pending.process, inv.f(), inv.value()));
          running.remove(pending.process);
          idle.add(nextProcess++);
        } else if (how == 1 && !pending.applied && droppable(inv)) {
          ops.add(Op.fail(pending.process, inv.f(), inv.value()));
          running.remove(pending.process);
          idle.add(pending.process);
        } else if (pending.applied) {
          ops.add(pending.refused ? Op.fail(pending.process, inv.f(), inv.value())
              : Op.ok(pending.process, inv.f(), pending.output));
          running.remove(pending.process);
          idle.add(pending.process);
        }
      }
    }
    return History.of(ops);
  }

  /** A cas refused under definite semantics must not also be a plain "did not happen". */
  private boolean droppable(Op inv) {
    return !(inv.f().equals("cas") && casFailure == CasFailure.DEFINITE)
        && !inv.f().equals("acquire") && !inv.f().equals("release");
  }

  private Object apply(Object state, Pending p) {
    Op inv = p.invocation;
    p.applied = true;
    switch (workload) {
      case CAS_REGISTER -> {
        switch (inv.f()) {
          case "read" -> p.output = state;
          case "write" -> {
            p.output = inv.value();
            return inv.value();
          }
          default -> {
            List<?> pair = (List<?>) inv.value();
            p.output = inv.value();
            if (java.util.Objects.equals(pair.get(0), state)) {
              return pair.get(1);
            }
            p.refused = true;
            return state;
          }
        }
        return state;
      }
      case MUTEX -> {
        boolean held = (Boolean) state;
        boolean acquire = inv.f().equals("acquire");
        if (acquire == held) {
          p.refused = true; // a mutex client would block; report it as not having happened
          return state;
        }
        p.output = null;
        return !held;
      }
      default -> {
        Call c = new Call(0, inv.f(), inv.value(), null, Call.Outcome.INDETERMINATE, inv, null, 0,
            Integer.MAX_VALUE);
        Object after = model.step(state, c);
        p.output = observed(state, inv);
        return after;
      }
    }
  }

  /** What an operation observes when it takes effect in {@code state}. */
  @SuppressWarnings("unchecked")
  private Object observed(Object state, Op inv) {
    return switch (workload) {
      case KV -> inv.f().equals("get") ? state
          : inv.f().equals("append") ? (long) (state + String.valueOf(inv.value())).length()
              : inv.value();
      case SET -> inv.f().equals("read") ? new ArrayList<>((java.util.Set<Object>) state)
          : inv.value();
      case MULTI_REGISTER, LIST_APPEND -> {
        Map<Object, Object> view = new HashMap<>((Map<Object, Object>) state);
        List<MicroOp> out = new ArrayList<>();
        for (MicroOp m : MicroOp.parseAll(inv.value())) {
          switch (m.f()) {
            case "read" -> out.add(new MicroOp("read", m.key(), view.getOrDefault(m.key(), 0L)));
            case "write" -> {
              view.put(m.key(), m.value());
              out.add(m);
            }
            case "r" -> out.add(new MicroOp("r", m.key(), view.getOrDefault(m.key(), List.of())));
            default -> {
              List<Object> l = new ArrayList<>((List<Object>) view.getOrDefault(m.key(),
                  List.of()));
              l.add(m.value());
              view.put(m.key(), List.copyOf(l));
              out.add(m);
            }
          }
        }
        yield MicroOp.toValue(out);
      }
      default -> throw new IllegalStateException();
    };
  }

  private String f() {
    return switch (workload) {
      case CAS_REGISTER -> new String[] {"read", "write", "cas"}[random.nextInt(3)];
      case MUTEX -> random.nextBoolean() ? "acquire" : "release";
      case KV -> new String[] {"get", "put", "append"}[random.nextInt(3)];
      case SET -> random.nextBoolean() ? "add" : "read";
      case MULTI_REGISTER, LIST_APPEND -> "txn";
    };
  }

  private Object input(String f) {
    if (f.equals("read") || f.equals("get")) {
      return null;
    }
    return switch (workload) {
      case CAS_REGISTER -> f.equals("write") ? (Object) (long) random.nextInt(3)
          : List.of((long) random.nextInt(3), (long) random.nextInt(3));
      case MUTEX -> null;
      case KV -> String.valueOf((char) ('a' + random.nextInt(3)));
      case SET -> (long) random.nextInt(4);
      case MULTI_REGISTER -> {
        List<MicroOp> steps = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
          Keyword k = Keyword.of(random.nextBoolean() ? "x" : "y");
          steps.add(random.nextBoolean() ? new MicroOp("read", k, null)
              : new MicroOp("write", k, (long) random.nextInt(3)));
        }
        yield MicroOp.toValue(steps);
      }
      case LIST_APPEND -> {
        List<MicroOp> steps = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
          Keyword k = Keyword.of(random.nextBoolean() ? "x" : "y");
          steps.add(random.nextBoolean() ? MicroOp.read(k, null)
              : MicroOp.append(k, nextUnique++));
        }
        yield MicroOp.toValue(steps);
      }
    };
  }

  /** The history with one random change: an observed value, a completion type, or an order. */
  History mutate(History h) {
    List<Op> ops = new ArrayList<>(h.ops());
    List<Integer> completions = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).type() != OpType.INVOKE) {
        completions.add(i);
      }
    }
    if (completions.isEmpty()) {
      return h;
    }
    int i = completions.get(random.nextInt(completions.size()));
    Op op = ops.get(i);
    switch (random.nextInt(4)) {
      case 0 -> ops.set(i, op.withValue(perturb(op.value())));
      case 1 -> ops.set(i, new Op(-1, op.process(), op.type() == OpType.OK ? OpType.FAIL
          : OpType.OK, op.f(), op.value(), -1, null, null));
      default -> {
        // move the completion earlier, but not before its own invocation
        int j = i;
        while (j > 0 && !(ops.get(j - 1).process().equals(op.process()))
            && random.nextInt(3) > 0) {
          j--;
        }
        ops.remove(i);
        ops.add(j, op);
      }
    }
    return History.renumbered(ops);
  }

  private Object perturb(Object v) {
    if (v instanceof Long l) {
      return (l + 1 + random.nextInt(2)) % 3;
    }
    if (v == null) {
      return (long) random.nextInt(3);
    }
    if (v instanceof String s) {
      return s + "x";
    }
    if (v instanceof List<?> list && !list.isEmpty()) {
      List<Object> copy = new ArrayList<>(list);
      int at = random.nextInt(copy.size());
      copy.set(at, perturb(copy.get(at)));
      return copy;
    }
    return v;
  }

  static OpType typeOf(Op op) {
    return op.type();
  }
}
