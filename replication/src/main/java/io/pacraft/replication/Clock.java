package io.pacraft.replication;

/** Time as a protocol sees it; the simulator moves it forward, and may skew it within a bound. */
public interface Clock {
  /** Monotonic nanoseconds, for timeouts and leases. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, for absolute expiry times in the log. */
  long currentTimeMillis();

  Clock SYSTEM =
      new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
          return System.currentTimeMillis();
        }
      };
}
