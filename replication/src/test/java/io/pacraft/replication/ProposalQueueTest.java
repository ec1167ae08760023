package io.pacraft.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How proposals from other threads reach a core: in batches, and together when their cause was one. */
class ProposalQueueTest {
  /** A core's scheduler whose tasks run when the test says (an event loop between two offers). */
  private static final class Loop implements Scheduler {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean inScheduler() {
      return false;
    }

    void runAll() {
      for (Runnable r; (r = tasks.poll()) != null; ) {
        r.run();
      }
    }
  }

  private final Loop loop = new Loop();
  private final List<Integer> batches = new ArrayList<>();
  private final ProposalQueue queue = new ProposalQueue(loop, (payloads, futures) -> batches.add(payloads.size()));

  private void offer() {
    queue.offer(ByteBuffer.wrap(new byte[] {1}));
  }

  @Test
  void offersTrickleInAsSeparateBatchesWhenTheLoopRunsBetweenThem() {
    offer();
    loop.runAll();
    offer();
    offer();
    loop.runAll();
    assertThat(batches).containsExactly(1, 2);
  }

  @Test
  void offersMadeWhileAnAppliedBatchIsCompletedReachTheCoreTogetherAfterIt() {
    queue.whileCompleting(() -> {
      offer();
      loop.runAll(); // the loop gets a turn between two completions' proposals
      offer();
      loop.runAll();
      offer();
    });
    assertThat(batches).as("nothing handed over while completing").isEmpty();
    loop.runAll();
    assertThat(batches).containsExactly(3);
    offer();
    loop.runAll();
    assertThat(batches).as("afterwards offers go as they come").containsExactly(3, 1);
  }

  @Test
  void aCompletionThatProposesNothingLeavesNoTaskBehind() {
    queue.whileCompleting(() -> {});
    assertThat(loop.tasks).isEmpty();
  }
}
