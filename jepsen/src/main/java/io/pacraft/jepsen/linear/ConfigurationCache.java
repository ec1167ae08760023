package io.pacraft.jepsen.linear;

import java.util.Arrays;
import java.util.Objects;

/**
 * The set of (linearized calls, model state) configurations the search has already explored —
 * Lowe's improvement to Wing &amp; Gong: reaching a configuration twice cannot lead anywhere new.
 * An open-addressing table keyed by a Zobrist hash of the linearized set mixed with the state's
 * hash; the sets are stored whole, so a hash collision never prunes a configuration wrongly. At
 * {@code maxEntries} it stops remembering (the search stays correct, only slower).
 */
final class ConfigurationCache {
  private final int maxEntries;
  private long[] hashes;
  private long[][] sets;
  private Object[] states;
  private int size;
  private boolean saturated;

  ConfigurationCache(int maxEntries) {
    this.maxEntries = maxEntries;
    int capacity = 1024;
    hashes = new long[capacity];
    sets = new long[capacity][];
    states = new Object[capacity];
  }

  /**
   * Adds the configuration; false when it was already there. {@code setHash} is the Zobrist hash
   * of {@code linearized}, which is copied when stored.
   */
  boolean add(long[] linearized, long setHash, Object state) {
    long h = mix(setHash ^ (Objects.hashCode(state) * 0x9E3779B97F4A7C15L));
    int mask = hashes.length - 1;
    int i = (int) h & mask;
    while (sets[i] != null) {
      if (hashes[i] == h && Arrays.equals(sets[i], linearized)
          && Objects.equals(states[i], state)) {
        return false;
      }
      i = (i + 1) & mask;
    }
    if (size >= maxEntries) {
      saturated = true;
      return true;
    }
    hashes[i] = h;
    sets[i] = linearized.clone();
    states[i] = state;
    size++;
    if (size * 2 > hashes.length) {
      grow();
    }
    return true;
  }

  int size() {
    return size;
  }

  /** True once the cache hit its bound and stopped remembering. */
  boolean saturated() {
    return saturated;
  }

  private void grow() {
    long[] oldHashes = hashes;
    long[][] oldSets = sets;
    Object[] oldStates = states;
    int capacity = oldHashes.length * 2;
    hashes = new long[capacity];
    sets = new long[capacity][];
    states = new Object[capacity];
    int mask = capacity - 1;
    for (int j = 0; j < oldHashes.length; j++) {
      if (oldSets[j] != null) {
        int i = (int) oldHashes[j] & mask;
        while (sets[i] != null) {
          i = (i + 1) & mask;
        }
        hashes[i] = oldHashes[j];
        sets[i] = oldSets[j];
        states[i] = oldStates[j];
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
