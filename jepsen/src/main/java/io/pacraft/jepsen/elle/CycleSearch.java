package io.pacraft.jepsen.elle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds cycles in a {@link DependencyGraph}: strongly connected components (Tarjan, iterative) over
 * the edges whose mask meets a filter, then short witnesses by breadth-first search inside a
 * component.
 */
final class CycleSearch {
  private final DependencyGraph graph;

  private final int[] parent;
  private final int[] visited;
  private final int[] queue;
  private int generation;

  CycleSearch(DependencyGraph graph) {
    this.graph = graph;
    this.parent = new int[graph.nodes()];
    this.visited = new int[graph.nodes()];
    this.queue = new int[graph.nodes()];
  }

  /**
   * Component number of each node over edges meeting {@code filter}; nodes alone in their
   * component (and without a self-loop, which the graph never holds) get -1.
   */
  int[] components(int filter) {
    int n = graph.nodes();
    int[] index = new int[n];
    int[] low = new int[n];
    int[] comp = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    Arrays.fill(comp, -1);
    int[] stack = new int[n];
    int sp = 0;
    int[] callNode = new int[n];
    int[] callEdge = new int[n];
    int counter = 0;
    int components = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int depth = 0;
      callNode[0] = root;
      callEdge[0] = graph.firstEdge(root);
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = true;
      while (depth >= 0) {
        int v = callNode[depth];
        int e = callEdge[depth];
        if (e < graph.endEdge(v)) {
          callEdge[depth] = e + 1;
          if ((graph.mask(e) & filter) == 0) {
            continue;
          }
          int w = graph.target(e);
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = true;
            depth++;
            callNode[depth] = w;
            callEdge[depth] = graph.firstEdge(w);
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        if (low[v] == index[v]) {
          int size = 0;
          int w;
          do {
            w = stack[--sp];
            onStack[w] = false;
            comp[w] = components;
            size++;
          } while (w != v);
          if (size == 1) {
            comp[v] = -1;
          } else {
            components++;
          }
        }
        depth--;
        if (depth >= 0) {
          int parent = callNode[depth];
          low[parent] = Math.min(low[parent], low[v]);
        }
      }
    }
    return comp;
  }

  /**
   * The shortest path from {@code from} to {@code to} over edges meeting {@code filter}, staying in
   * nodes whose {@code comp} equals {@code component}; null when there is none. The path lists
   * nodes from {@code from} to {@code to}.
   */
  List<Integer> shortestPath(int from, int to, int filter, int[] comp, int component) {
    int stamp = ++generation;
    int head = 0;
    int tail = 0;
    queue[tail++] = from;
    parent[from] = -1;
    visited[from] = stamp;
    while (head < tail) {
      int v = queue[head++];
      if (v == to) {
        List<Integer> path = new ArrayList<>();
        for (int x = to; x != -1; x = parent[x]) {
          path.add(x);
        }
        java.util.Collections.reverse(path);
        return path;
      }
      for (int e = graph.firstEdge(v); e < graph.endEdge(v); e++) {
        int w = graph.target(e);
        if ((graph.mask(e) & filter) != 0 && visited[w] != stamp && comp[w] == component) {
          visited[w] = stamp;
          parent[w] = v;
          queue[tail++] = w;
        }
      }
    }
    return null;
  }
}
