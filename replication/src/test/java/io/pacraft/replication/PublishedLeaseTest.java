package io.pacraft.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishedLeaseTest {
  /** A clock whose time the test sets. */
  private static final class Manual implements Clock {
    long now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public long currentTimeMillis() {
      return now / 1_000_000;
    }
  }

  @Test
  void answersThePublishedIndexOnlyBeforeTheLeaseEndsAndUntilRevoked() {
    Manual clock = new Manual();
    PublishedLease lease = new PublishedLease();
    assertThat(lease.readIndex(clock)).as("nothing published").isEqualTo(-1);
    clock.now = 100;
    lease.publish(7, 200);
    assertThat(lease.readIndex(clock)).isEqualTo(7);
    lease.publish(9, 250); // the commit point moved, and the lease with it
    assertThat(lease.readIndex(clock)).isEqualTo(9);
    clock.now = 250;
    assertThat(lease.readIndex(clock)).as("the lease ends at 250").isEqualTo(-1);
    clock.now = 120;
    lease.revoke();
    assertThat(lease.readIndex(clock)).isEqualTo(-1);
    lease.publish(0, 300);
    assertThat(lease.readIndex(clock)).as("index 0 is an index").isZero();
  }
}
