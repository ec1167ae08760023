package io.pacraft.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** A connection's pipeline order: reads wait for every earlier write, however writes finish. */
class CommandOrderTest {
  private final Executor loop = Runnable::run;
  private final CommandOrder order = new CommandOrder();
  private final List<String> ran = new ArrayList<>();

  private Object write(String name, CompletableFuture<Object> finishes) {
    return order.run(true, () -> {
      ran.add(name);
      return finishes;
    }, loop);
  }

  private Object read(String name) {
    return order.run(false, () -> {
      ran.add(name);
      return "value of " + name;
    }, loop);
  }

  @Test
  void aReadWaitsForAnEarlierWriteThatFinishesLastEvenBehindManyThatFinishedFirst() {
    CompletableFuture<Object> blocked = new CompletableFuture<>(); // a blocking pop, say
    write("blocked", blocked);
    for (int i = 0; i < 10_000; i++) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      write("w" + i, f);
      f.complete("ok"); // later writes finish first
    }
    assertThat(order.writesSettled()).isFalse();
    Object r = read("r");
    assertThat(ran).doesNotContain("r");
    assertThat(r).isInstanceOf(CompletableFuture.class);
    blocked.complete("popped");
    assertThat(ran).endsWith("r");
    assertThat(((CompletableFuture<?>) r).join()).isEqualTo("value of r");
    assertThat(order.writesSettled()).isTrue();
  }

  @Test
  void aReadWaitsForTheSlowerOfTwoWritesAndAWriteAfterItWaitsForTheRead() {
    CompletableFuture<Object> a = new CompletableFuture<>();
    CompletableFuture<Object> b = new CompletableFuture<>();
    write("a", a);
    write("b", b);
    Object r = read("r");
    CompletableFuture<Object> c = new CompletableFuture<>();
    Object w = write("c", c); // after the read: it must not start before the read has
    b.complete("ok");
    assertThat(ran).containsExactly("a", "b");
    a.complete("ok");
    assertThat(ran).containsExactly("a", "b", "r", "c");
    assertThat(((CompletableFuture<?>) r).join()).isEqualTo("value of r");
    assertThat(w).isInstanceOf(CompletableFuture.class);
    c.complete("done");
    assertThat(((CompletableFuture<?>) w).join()).isEqualTo("done");
  }

  @Test
  void aFailedWriteCountsAsFinished() {
    CompletableFuture<Object> a = new CompletableFuture<>();
    write("a", a);
    Object r = read("r");
    a.completeExceptionally(new IllegalStateException("not the leader"));
    assertThat(ran).containsExactly("a", "r");
    assertThat(((CompletableFuture<?>) r).join()).isEqualTo("value of r");
    assertThat(read("r2")).isEqualTo("value of r2"); // nothing pending: at once
  }
}
