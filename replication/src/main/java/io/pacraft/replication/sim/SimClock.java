package io.pacraft.replication.sim;

import io.pacraft.replication.Clock;

/** A node's clock: virtual time plus the node's current offset, which clock jumps move. */
final class SimClock implements Clock {
  private static final long ORIGIN_NANOS = 1_000_000_000_000L;
  private static final long EPOCH_MILLIS = 1_767_225_600_000L;

  private final EventLoop loop;
  private final SimNode node;

  SimClock(EventLoop loop, SimNode node) {
    this.loop = loop;
    this.node = node;
  }

  @Override
  public long nanoTime() {
    return ORIGIN_NANOS + loop.now() + node.clockOffset;
  }

  @Override
  public long currentTimeMillis() {
    return EPOCH_MILLIS + (loop.now() + node.clockOffset) / 1_000_000L;
  }
}
