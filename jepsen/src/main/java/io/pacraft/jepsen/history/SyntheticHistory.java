package io.pacraft.jepsen.history;

import io.pacraft.jepsen.edn.HistoryEdn;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A keyed compare-and-set register history that is linearizable by construction, for benchmarks
 * and for testing checkers at scale: clients invoke {@code :read}, {@code :write} and {@code :cas}
 * on random keys, each operation takes effect on a real register at a random moment before it
 * completes, a refused cas completes as {@code :fail}, and a few clients crash ({@code :info},
 * the operation taking effect or not).
 *
 * <p>{@code java -cp pacraft.jar io.pacraft.jepsen.history.SyntheticHistory OPS KEYS PROCESSES
 * [SEED]} writes one as EDN to standard output.
 */
public final class SyntheticHistory {
  private SyntheticHistory() {}

  /**
   * A history of {@code operations} operations on {@code keys} registers (initially 0) by {@code
   * processes} concurrent clients; about one operation in {@code 1/crashRate} crashes.
   */
  public static History casRegister(long seed, int operations, int keys, int processes,
      double crashRate) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, Long> registers = new HashMap<>();
    List<Op> ops = new ArrayList<>(2 * operations);
    long[] client = new long[processes];
    Op[] invocation = new Op[processes];
    Object[] observed = new Object[processes];
    boolean[] applied = new boolean[processes];
    boolean[] refused = new boolean[processes];
    for (int i = 0; i < processes; i++) {
      client[i] = i;
    }
    long nextClient = processes;
    int invoked = 0;
    int running = 0;
    while (invoked < operations || running > 0) {
      int p = random.nextInt(processes);
      if (invocation[p] == null) {
        if (invoked == operations) {
          continue;
        }
        long key = random.nextInt(keys);
        long v = random.nextInt(5);
        Op op = switch (random.nextInt(3)) {
          case 0 -> Op.invoke(client[p], "read", null);
          case 1 -> Op.invoke(client[p], "write", v);
          default -> Op.invoke(client[p], "cas", List.of(v, (long) random.nextInt(5)));
        };
        invocation[p] = op.withKey(key);
        applied[p] = false;
        ops.add(invocation[p]);
        invoked++;
        running++;
      } else if (!applied[p]) {
        Op op = invocation[p];
        long key = (Long) op.key();
        Long current = registers.getOrDefault(key, 0L);
        applied[p] = true;
        refused[p] = false;
        switch (op.f()) {
          case "read" -> observed[p] = current;
          case "write" -> {
            registers.put(key, (Long) op.value());
            observed[p] = op.value();
          }
          default -> {
            List<?> pair = (List<?>) op.value();
            observed[p] = op.value();
            if (Objects.equals(pair.get(0), current)) {
              registers.put(key, (Long) pair.get(1));
            } else {
              refused[p] = true;
            }
          }
        }
      } else {
        Op op = invocation[p];
        if (random.nextDouble() < crashRate) {
          ops.add(Op.info(client[p], op.f(), op.value()).withKey(op.key()));
          client[p] = nextClient++;
        } else if (refused[p]) {
          ops.add(Op.fail(client[p], op.f(), op.value()).withKey(op.key()));
        } else {
          ops.add(Op.ok(client[p], op.f(), observed[p]).withKey(op.key()));
        }
        invocation[p] = null;
        running--;
      }
    }
    return History.of(ops);
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: SyntheticHistory OPERATIONS KEYS PROCESSES [SEED]");
      System.exit(2);
    }
    History h = casRegister(args.length > 3 ? Long.parseLong(args[3]) : 1,
        Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), 0.002);
    Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
        1 << 16);
    HistoryEdn.write(h, out);
    out.flush();
  }
}
