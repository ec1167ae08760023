package io.pacraft.jepsen.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.jepsen.linear.Linearizability;
import io.pacraft.jepsen.model.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  @Test
  void recordsConcurrentClientsInOrderWithTheirClock() throws Exception {
    AtomicLong clock = new AtomicLong(1000);
    HistoryRecorder recorder = new HistoryRecorder(clock::incrementAndGet);
    StringBuilder[] values = new StringBuilder[4];
    List<Thread> clients = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      long process = p;
      String key = "k" + p;
      values[p] = new StringBuilder();
      clients.add(new Thread(() -> {
        for (int i = 0; i < 200; i++) {
          Op call = recorder.invoke(process, "append", "x", key);
          values[(int) process].append('x');
          recorder.ok(call, (long) values[(int) process].length());
        }
      }));
    }
    clients.forEach(Thread::start);
    for (Thread t : clients) {
      t.join(20_000);
    }
    History h = recorder.history();
    assertThat(h.size()).isEqualTo(4 * 200 * 2);
    for (int i = 0; i < h.size(); i++) {
      assertThat(h.get(i).index()).isEqualTo(i);
      if (i > 0) {
        assertThat(h.get(i).time()).isGreaterThan(h.get(i - 1).time());
      }
    }
    assertThat(h.pairings()).hasSize(800).allMatch(p -> p.completion() != null);
    assertThat(Linearizability.check(h, new KeyValue(null)).isValid()).isTrue();
  }
}
