package io.pacraft.jepsen.elle;

import java.util.Arrays;

/**
 * A directed graph over transaction ids whose edges carry a mask of {@link Dependency} bits.
 * Edges are collected, then {@link #freeze()} lays them out compactly for the cycle search.
 */
final class DependencyGraph {
  private final int nodes;
  // edge (from, to) -> mask, open addressing on from << 32 | to
  private long[] keys = new long[1024];
  private int[] masks = new int[1024];
  private int edgeCount;

  private int[] offsets;
  private int[] targets;
  private int[] targetMasks;

  DependencyGraph(int nodes) {
    this.nodes = nodes;
    Arrays.fill(keys, -1L);
  }

  int nodes() {
    return nodes;
  }

  /** Adds {@code from -kind-> to}; self-loops vanish. */
  void add(int from, int to, Dependency kind) {
    if (from == to) {
      return;
    }
    long k = ((long) from << 32) | to;
    int i = slot(k);
    if (keys[i] == -1L) {
      keys[i] = k;
      edgeCount++;
      if (edgeCount * 2 > keys.length) {
        grow();
        i = slot(k);
      }
    }
    masks[i] |= kind.bit();
  }

  int edgeCount() {
    return edgeCount;
  }

  /** Lays the edges out by source node; call once, after the last {@link #add}. */
  void freeze() {
    offsets = new int[nodes + 1];
    for (long k : keys) {
      if (k != -1L) {
        offsets[(int) (k >>> 32) + 1]++;
      }
    }
    for (int i = 0; i < nodes; i++) {
      offsets[i + 1] += offsets[i];
    }
    targets = new int[edgeCount];
    targetMasks = new int[edgeCount];

    int[] fill = Arrays.copyOf(offsets, nodes);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != -1L) {
        int from = (int) (keys[i] >>> 32);
        int at = fill[from]++;
        targets[at] = (int) keys[i];
        targetMasks[at] = masks[i];

      }
    }
    keys = null;
    masks = null;
  }

  int firstEdge(int node) {
    return offsets[node];
  }

  int endEdge(int node) {
    return offsets[node + 1];
  }

  int target(int edge) {
    return targets[edge];
  }

  int mask(int edge) {
    return targetMasks[edge];
  }

  /** The mask of the edge from {@code from} to {@code to}, or 0. */
  int maskBetween(int from, int to) {
    for (int e = offsets[from]; e < offsets[from + 1]; e++) {
      if (targets[e] == to) {
        return targetMasks[e];
      }
    }
    return 0;
  }

  private int slot(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    int mask = keys.length - 1;
    int i = (int) (h ^ (h >>> 32)) & mask;
    while (keys[i] != -1L && keys[i] != k) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldMasks = masks;
    keys = new long[oldKeys.length * 2];
    masks = new int[oldKeys.length * 2];
    Arrays.fill(keys, -1L);
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != -1L) {
        int i = slot(oldKeys[j]);
        keys[i] = oldKeys[j];
        masks[i] = oldMasks[j];
      }
    }
  }
}
