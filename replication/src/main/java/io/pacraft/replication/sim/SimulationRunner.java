package io.pacraft.replication.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Runs many seeds of a configuration, in parallel threads, each seed its own independent world. */
public final class SimulationRunner {
  private SimulationRunner() {}

  /**
   * Runs seeds {@code first} .. {@code first + count - 1} on {@code threads} threads; {@code onResult}
   * is called (from those threads, one call at a time) as each finishes. Returns the results in seed
   * order.
   */
  public static List<SimulationResult> run(
      SimulationConfig config, long first, int count, int threads, Consumer<SimulationResult> onResult) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
      Thread t = new Thread(r, "simulation");
      t.setDaemon(true);
      return t;
    });
    AtomicLong next = new AtomicLong(first);
    Object lock = new Object();
    try {
      List<Future<List<SimulationResult>>> workers = new ArrayList<>();
      for (int i = 0; i < Math.max(1, threads); i++) {
        workers.add(pool.submit(() -> {
          List<SimulationResult> mine = new ArrayList<>();
          for (long s; (s = next.getAndIncrement()) < first + count; ) {
            SimulationResult r = Simulation.run(config, s);
            mine.add(r);
            synchronized (lock) {
              onResult.accept(r);
            }
          }
          return mine;
        }));
      }
      List<SimulationResult> all = new ArrayList<>();
      for (Future<List<SimulationResult>> w : workers) {
        all.addAll(w.get());
      }
      all.sort(java.util.Comparator.comparingLong(SimulationResult::seed));
      return all;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
