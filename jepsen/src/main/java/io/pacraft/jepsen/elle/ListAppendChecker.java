package io.pacraft.jepsen.elle;

import io.pacraft.jepsen.edn.EdnWriter;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.MicroOp;
import io.pacraft.jepsen.history.OpType;
import io.pacraft.jepsen.history.Pairing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks list-append histories as Elle does. Transactions ({@code :f :txn}) append unique values
 * to lists ({@code [:append k v]}) and read whole lists ({@code [:r k [v ...]]}); since values are
 * unique and lists only grow, every committed read reveals a prefix of its key's version order.
 * From those orders the checker derives write-write, write-read and read-write dependencies, adds
 * process and real-time order, finds strongly connected components, and reports short cycles
 * classified as G0, G1c, G-single and G2-item (and their {@code -process} / {@code -realtime}
 * forms), plus aborted reads (G1a), intermediate reads (G1b), internal inconsistencies, duplicate
 * elements, incompatible orders and reads of values nobody appended. Any anomaly makes the history
 * invalid: a strictly serializable store shows none.
 */
public final class ListAppendChecker {
  /** How many witnesses of one anomaly type are kept. */
  private static final int WITNESSES_PER_TYPE = 8;
  /** How many candidate edges of one component the cycle search tries per stage. */
  private static final int ATTEMPTS_PER_COMPONENT = 64;
  /** How many order edges of one component the real-time stage starts cycles from. */
  private static final int ORDER_ATTEMPTS_PER_COMPONENT = 8;
  /** Cycles up to this long get every rotation tried for real-time shortcuts. */
  private static final int SHORTCUT_ROTATIONS = 32;

  private final List<Transaction> txns;
  private final Map<AnomalyType, List<Anomaly>> found = new EnumMap<>(AnomalyType.class);
  private final Map<AnomalyType, Integer> counts = new EnumMap<>(AnomalyType.class);
  /** key → appended value → writing transaction. */
  private final Map<Object, Map<Object, Transaction>> writers = new HashMap<>();
  /** key → values a transaction appended but then appended more to the same key. */
  private final Map<Object, Set<Object>> intermediate = new HashMap<>();
  /** key → every committed read of it: (transaction, list). */
  private final Map<Object, List<Read>> reads = new LinkedHashMap<>();
  /** key → version order, for keys whose reads agree. */
  private Map<Object, List<Object>> orders = Map.of();
  /** key → the reads whose elements must be inspected (see {@link #versionOrders}). */
  private final Map<Object, List<Read>> inspected = new HashMap<>();
  /** The external reads: a transaction's first read of a key, before it appends to it. */
  private final List<KeyRead> externalReads = new ArrayList<>();

  private record Read(Transaction txn, List<Object> list) {}

  private record KeyRead(Transaction txn, Object key, List<Object> list) {}

  private ListAppendChecker(List<Transaction> txns) {
    this.txns = txns;
  }

  /**
   * Checks a history of list-append transactions.
   *
   * @throws IllegalArgumentException when the history is malformed, holds other operations, or a
   *     value is appended twice to one key
   */
  public static ListAppendResult check(History history) {
    ListAppendChecker checker = new ListAppendChecker(transactions(history));
    return checker.run();
  }

  private ListAppendResult run() {
    indexAppends();
    collectReads();
    orders = versionOrders();
    checkReadValues();
    DependencyGraph graph = new DependencyGraph(txns.size());
    addDataDependencies(graph, orders);
    addProcessOrder(graph);
    addRealTimeOrder(graph);
    graph.freeze();
    findCycles(graph);
    List<Anomaly> all = new ArrayList<>();
    found.values().forEach(all::addAll);
    return new ListAppendResult(txns.size(), Collections.unmodifiableList(all),
        Collections.unmodifiableMap(new EnumMap<>(counts)));
  }

  private static List<Transaction> transactions(History history) {
    List<Transaction> out = new ArrayList<>();
    for (Pairing p : history.pairings()) {
      if (!p.invocation().f().equals("txn")) {
        throw new IllegalArgumentException("list-append histories hold only :txn operations,"
            + " found :" + p.invocation().f() + " at index " + p.invocation().index());
      }
      OpType type = p.outcome();
      Transaction.Outcome outcome = switch (type) {
        case OK -> Transaction.Outcome.OK;
        case FAIL -> Transaction.Outcome.FAILED;
        default -> Transaction.Outcome.INDETERMINATE;
      };
      Object value = outcome == Transaction.Outcome.OK ? p.completion().value()
          : p.invocation().value();
      int completedAt = outcome == Transaction.Outcome.INDETERMINATE ? Integer.MAX_VALUE
          : p.completedAt();
      out.add(new Transaction(out.size(), p.invocation(), p.completion(), outcome,
          MicroOp.parseAll(value), p.invokedAt(), completedAt));
    }
    return out;
  }

  private void indexAppends() {
    for (Transaction t : txns) {
      Map<Object, Object> lastAppend = new HashMap<>();
      for (MicroOp m : t.steps()) {
        if (m.f().equals("append")) {
          Transaction previous = writers.computeIfAbsent(m.key(), k -> new HashMap<>())
              .put(m.value(), t);
          if (previous != null) {
            throw new IllegalArgumentException("value " + EdnWriter.write(m.value())
                + " appended twice to key " + EdnWriter.write(m.key()) + " (" + previous.label()
                + " and " + t.label() + "): list-append needs unique values");
          }
          Object before = lastAppend.put(m.key(), m.value());
          if (before != null) {
            intermediate.computeIfAbsent(m.key(), k -> new HashSet<>()).add(before);
          }
        } else if (!m.f().equals("r")) {
          throw new IllegalArgumentException("list-append transactions hold :append and :r steps,"
              + " found :" + m.f() + " in " + t.label());
        }
      }
    }
  }

  /** Reads of committed transactions; checks each against the transaction's own effects. */
  private void collectReads() {
    for (Transaction t : txns) {
      if (t.outcome() != Transaction.Outcome.OK) {
        continue;
      }
      Map<Object, List<Object>> known = new HashMap<>(); // the list as this txn must see it
      Map<Object, List<Object>> appended = new HashMap<>(); // its own appends, base unknown
      for (MicroOp m : t.steps()) {
        if (m.f().equals("append")) {
          List<Object> k = known.get(m.key());
          if (k != null) {
            List<Object> grown = new ArrayList<>(k);
            grown.add(m.value());
            known.put(m.key(), grown);
          } else {
            appended.computeIfAbsent(m.key(), x -> new ArrayList<>()).add(m.value());
          }
          continue;
        }
        List<Object> list = asList(m.value(), t);
        List<Object> expected = known.get(m.key());
        List<Object> suffix = appended.get(m.key());
        if (expected != null && !expected.equals(list)) {
          report(AnomalyType.INTERNAL, List.of(t), t.label() + " read " + EdnWriter.write(list)
              + " from " + EdnWriter.write(m.key()) + " but its own steps imply "
              + EdnWriter.write(expected));
        } else if (expected == null && suffix != null && !endsWith(list, suffix)) {
          report(AnomalyType.INTERNAL, List.of(t), t.label() + " read " + EdnWriter.write(list)
              + " from " + EdnWriter.write(m.key()) + " after appending "
              + EdnWriter.write(suffix));
        }
        if (expected == null && suffix == null) {
          externalReads.add(new KeyRead(t, m.key(), list));
        }
        known.put(m.key(), list);
        appended.remove(m.key());
        reads.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(new Read(t, list));
      }
    }
  }

  /** Each key's longest read, when all reads of it agree; reports disagreement and duplicates. */
  private Map<Object, List<Object>> versionOrders() {
    Map<Object, List<Object>> orders = new HashMap<>();
    for (Map.Entry<Object, List<Read>> e : reads.entrySet()) {
      Object key = e.getKey();
      Read longest = null;
      for (Read r : e.getValue()) {
        if (longest == null || r.list().size() > longest.list().size()) {
          longest = r;
        }
      }
      // a prefix of the longest read holds nothing the longest does not: only the longest and
      // the reads that disagree with it need their elements inspected
      List<Read> inspect = new ArrayList<>();
      inspect.add(longest);
      boolean broken = false;
      for (Read r : e.getValue()) {
        if (r != longest && !isPrefix(r.list(), longest.list())) {
          if (!broken) {
            report(AnomalyType.INCOMPATIBLE_ORDER, List.of(r.txn(), longest.txn()),
                r.txn().label() + " read " + EdnWriter.write(r.list()) + " but "
                    + longest.txn().label() + " read " + EdnWriter.write(longest.list())
                    + " from " + EdnWriter.write(key));
          }
          broken = true;
          inspect.add(r);
        }
      }
      for (Read r : inspect) {
        if (new HashSet<>(r.list()).size() != r.list().size()) {
          report(AnomalyType.DUPLICATE_ELEMENTS, List.of(r.txn()), r.txn().label() + " read "
              + EdnWriter.write(r.list()) + " from " + EdnWriter.write(key));
          broken = true;
        }
      }
      inspected.put(key, inspect);
      if (!broken) {
        orders.put(key, longest.list());
      }
    }
    return orders;
  }

  /** Aborted reads, intermediate reads and reads of values nobody appended. */
  private void checkReadValues() {
    for (Map.Entry<Object, List<Read>> e : reads.entrySet()) {
      Object key = e.getKey();
      Map<Object, Transaction> byValue = writers.getOrDefault(key, Map.of());
      Set<Object> reported = new HashSet<>();
      for (Read r : inspected.get(key)) {
        for (Object v : r.list()) {
          Transaction w = byValue.get(v);
          if (w == null) {
            if (reported.add(v)) {
              report(AnomalyType.UNWRITTEN_ELEMENT, List.of(r.txn()), r.txn().label() + " read "
                  + EdnWriter.write(v) + " in " + EdnWriter.write(key)
                  + ", which no transaction appended");
            }
          } else if (w.outcome() == Transaction.Outcome.FAILED && reported.add(v)) {
            report(AnomalyType.G1A, List.of(readerOf(e.getValue(), v, r), w), readerOf(
                e.getValue(), v, r).label() + " read " + EdnWriter.write(v) + " in "
                + EdnWriter.write(key) + ", appended by " + w.label() + " which failed");
          }
        }
      }
      Set<Object> partial = intermediate.getOrDefault(key, Set.of());
      if (partial.isEmpty()) {
        continue;
      }
      for (Read r : e.getValue()) {
        if (!r.list().isEmpty()) {
          Object last = r.list().get(r.list().size() - 1);
          Transaction w = byValue.get(last);
          if (w != null && w != r.txn() && partial.contains(last)) {
            report(AnomalyType.G1B, List.of(r.txn(), w), r.txn().label() + " read "
                + EdnWriter.write(r.list()) + " from " + EdnWriter.write(key) + ", ending in "
                + EdnWriter.write(last) + ", which " + w.label()
                + " appended before appending more");
          }
        }
      }
    }
  }

  /** The first read of the key that saw {@code v} (the witness to name), else {@code fallback}. */
  private static Transaction readerOf(List<Read> reads, Object v, Read fallback) {
    for (Read r : reads) {
      if (r.list().contains(v)) {
        return r.txn();
      }
    }
    return fallback.txn();
  }

  private void addDataDependencies(DependencyGraph graph, Map<Object, List<Object>> orders) {
    for (Map.Entry<Object, List<Object>> e : orders.entrySet()) {
      Map<Object, Transaction> byValue = writers.getOrDefault(e.getKey(), Map.of());
      List<Object> order = e.getValue();
      for (int i = 1; i < order.size(); i++) {
        Transaction a = byValue.get(order.get(i - 1));
        Transaction b = byValue.get(order.get(i));
        if (committable(a) && committable(b)) {
          graph.add(a.id(), b.id(), Dependency.WW);
        }
      }
    }
    for (KeyRead r : externalReads) {
      Map<Object, Transaction> byValue = writers.getOrDefault(r.key(), Map.of());
      if (!r.list().isEmpty()) {
        Transaction w = byValue.get(r.list().get(r.list().size() - 1));
        if (committable(w)) {
          graph.add(w.id(), r.txn().id(), Dependency.WR);
        }
      }
      List<Object> order = orders.get(r.key());
      if (order != null && r.list().size() < order.size()) {
        Transaction w = byValue.get(order.get(r.list().size()));
        if (committable(w)) {
          graph.add(r.txn().id(), w.id(), Dependency.RW);
        }
      }
    }
  }

  private static boolean committable(Transaction t) {
    return t != null && t.outcome() != Transaction.Outcome.FAILED;
  }

  private void addProcessOrder(DependencyGraph graph) {
    Map<Object, Transaction> last = new HashMap<>();
    for (Transaction t : txns) { // in invocation order
      if (t.outcome() == Transaction.Outcome.FAILED) {
        continue;
      }
      Transaction before = last.put(t.invocation().process(), t);
      if (before != null) {
        graph.add(before.id(), t.id(), Dependency.PROCESS);
      }
    }
  }

  /**
   * Real-time order without its transitive edges: a transaction follows every member of the
   * frontier (completed transactions not yet followed by a completed successor) at its invocation.
   */
  private void addRealTimeOrder(DependencyGraph graph) {
    int n = txns.size();
    int[] eventTxn = new int[2 * n];
    int[] eventPos = new int[2 * n];
    int events = 0;
    for (Transaction t : txns) {
      if (t.outcome() == Transaction.Outcome.FAILED) {
        continue;
      }
      eventTxn[events] = t.id();
      eventPos[events++] = 2 * t.invokedAt();
      if (t.outcome() == Transaction.Outcome.OK) {
        eventTxn[events] = t.id();
        eventPos[events++] = 2 * t.completedAt() + 1;
      }
    }
    Integer[] order = new Integer[events];
    for (int i = 0; i < events; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Integer.compare(eventPos[a], eventPos[b]));
    LinkedHashSet<Integer> frontier = new LinkedHashSet<>();
    int[][] seenAtInvocation = new int[n][];
    for (int i : order) {
      int t = eventTxn[i];
      if ((eventPos[i] & 1) == 0) {
        int[] before = new int[frontier.size()];
        int j = 0;
        for (int f : frontier) {
          graph.add(f, t, Dependency.REALTIME);
          before[j++] = f;
        }
        seenAtInvocation[t] = before;
      } else {
        for (int f : seenAtInvocation[t]) {
          frontier.remove(f);
        }
        seenAtInvocation[t] = null;
        frontier.add(t);
      }
    }
  }

  private void findCycles(DependencyGraph graph) {
    CycleSearch search = new CycleSearch(graph);
    int ww = Dependency.WW.bit();
    int wwwr = ww | Dependency.WR.bit();
    int rw = Dependency.RW.bit();
    // G0: cycles of write-write edges
    int[] wwComp = search.components(ww);
    firstEdgeCycles(graph, search, wwComp, ww, ww);
    // G1c: cycles of ww and wr with at least one wr
    int[] wwwrComp = search.components(wwwr);
    firstEdgeCycles(graph, search, wwwrComp, Dependency.WR.bit(), wwwr);
    // G-single, else G2-item: cycles through an anti-dependency
    int[] dataComp = search.components(Dependency.DATA);
    Map<Integer, List<int[]>> rwEdges = edgesInComponents(graph, dataComp, rw, wwwr);
    for (List<int[]> edges : rwEdges.values()) {
      boolean single = false;
      int attempts = 0;
      for (int[] edge : edges) {
        if (attempts++ >= ATTEMPTS_PER_COMPONENT) {
          break;
        }
        List<Integer> path = search.shortestPath(edge[1], edge[0], wwwr, dataComp,
            dataComp[edge[0]]);
        if (path != null) {
          report(steps(graph, path, Dependency.DATA));
          single = true;
          break;
        }
      }
      if (!single) {
        int[] edge = edges.get(0);
        List<Integer> path = search.shortestPath(edge[1], edge[0], Dependency.DATA, dataComp,
            dataComp[edge[0]]);
        if (path != null) {
          report(steps(graph, path, Dependency.DATA));
        }
      }
    }
    // cycles that need process or real-time order: try a few order edges per component and
    // keep the shortest cycle once real-time shortcuts are taken
    int order = Dependency.PROCESS.bit() | Dependency.REALTIME.bit();
    int[] allComp = search.components(Dependency.ALL);
    Map<Integer, List<int[]>> orderEdges = edgesInComponents(graph, allComp, order,
        Dependency.DATA);
    for (List<int[]> edges : orderEdges.values()) {
      List<Step> best = null;
      for (int i = 0; i < edges.size() && i < ORDER_ATTEMPTS_PER_COMPONENT; i++) {
        int[] edge = edges.get(i);
        List<Integer> path = search.shortestPath(edge[1], edge[0], Dependency.ALL, allComp,
            allComp[edge[0]]);
        if (path != null) {
          List<Step> cycle = shortcut(steps(graph, path, Dependency.ALL));
          if (best == null || cycle.size() < best.size()) {
            best = cycle;
          }
        }
      }
      if (best != null) {
        report(best);
      }
    }
  }

  /** In each component, a shortest cycle through its first edge of kind {@code through}. */
  private void firstEdgeCycles(DependencyGraph graph, CycleSearch search, int[] comp, int through,
      int filter) {
    int without = through == Dependency.WR.bit() ? Dependency.WW.bit() : 0;
    for (List<int[]> edges : edgesInComponents(graph, comp, through, without).values()) {
      int[] edge = edges.get(0);
      List<Integer> path = search.shortestPath(edge[1], edge[0], filter, comp, comp[edge[0]]);
      if (path != null) {
        report(steps(graph, path, filter));
      }
    }
  }

  /** Edges meeting {@code mask} but not {@code without}, inside a component, by component. */
  private static Map<Integer, List<int[]>> edgesInComponents(DependencyGraph graph, int[] comp,
      int mask, int without) {
    Map<Integer, List<int[]>> out = new LinkedHashMap<>();
    for (int v = 0; v < graph.nodes(); v++) {
      if (comp[v] < 0) {
        continue;
      }
      for (int e = graph.firstEdge(v); e < graph.endEdge(v); e++) {
        int w = graph.target(e);
        int m = graph.mask(e);
        if ((m & mask) != 0 && (m & without) == 0 && comp[w] == comp[v]) {
          out.computeIfAbsent(comp[v], k -> new ArrayList<>()).add(new int[] {v, w});
        }
      }
    }
    return out;
  }

  /** One edge of a reported cycle: why {@code from} precedes {@code to}, and on which key. */
  private record Step(int from, int to, Dependency kind, Object key) {}

  /**
   * The cycle {@code path[0] → … → path[last] → path[0]} as steps, each named by the strongest
   * reason the graph holds for it within {@code filter} (ww, then wr, rw, process, real time).
   */
  private List<Step> steps(DependencyGraph graph, List<Integer> path, int filter) {
    List<Step> out = new ArrayList<>(path.size());
    for (int i = 0; i < path.size(); i++) {
      int from = path.get(i);
      int to = path.get((i + 1) % path.size());
      Dependency d = strongest(graph.maskBetween(from, to) & filter);
      out.add(new Step(from, to, d, cause(from, to, d)));
    }
    return out;
  }

  /**
   * The cycle made shorter where real time allows: the real-time graph is kept without its
   * transitive edges, so a breadth-first search walks long chains; when a transaction of the
   * cycle completed before a later one began, the steps between them are replaced by that one
   * real-time (or, on one process, process-order) step.
   */
  private List<Step> shortcut(List<Step> cycle) {
    int m = cycle.size();
    List<Step> best = cycle;
    for (int start = 0; start < m && start < SHORTCUT_ROTATIONS; start++) {
      List<Step> out = new ArrayList<>();
      int i = 0;
      while (i < m) {
        int node = cycle.get((start + i) % m).from();
        int jump = -1;
        for (int j = i == 0 ? m - 1 : m; j > i + 1; j--) {
          if (precedes(node, cycle.get((start + j) % m).from())) {
            jump = j;
            break;
          }
        }
        if (jump < 0) {
          out.add(cycle.get((start + i) % m));
          i++;
        } else {
          int to = cycle.get((start + jump) % m).from();
          Dependency kind = txns.get(node).invocation().process()
              .equals(txns.get(to).invocation().process()) ? Dependency.PROCESS
              : Dependency.REALTIME;
          out.add(new Step(node, to, kind, null));
          i = jump;
        }
      }
      if (out.size() < best.size()) {
        best = out;
      }
    }
    return best;
  }

  /** True when transaction {@code a} completed before {@code b} was invoked. */
  private boolean precedes(int a, int b) {
    Transaction ta = txns.get(a);
    return ta.outcome() == Transaction.Outcome.OK && ta.completedAt() < txns.get(b).invokedAt();
  }

  /** The key behind a data dependency, found again from the transactions' steps. */
  private Object cause(int from, int to, Dependency kind) {
    Transaction a = txns.get(from);
    Transaction b = txns.get(to);
    for (MicroOp m : (kind == Dependency.WR ? b : a).steps()) {
      List<Object> order = orders.get(m.key());
      Map<Object, Transaction> byValue = writers.getOrDefault(m.key(), Map.of());
      switch (kind) {
        case WW -> {
          if (m.f().equals("append") && order != null) {
            int at = order.indexOf(m.value());
            if (at >= 0 && at + 1 < order.size() && byValue.get(order.get(at + 1)) == b) {
              return m.key();
            }
          }
        }
        case WR -> {
          List<?> l = m.f().equals("r") ? asList(m.value(), b) : List.of();
          if (!l.isEmpty() && byValue.get(l.get(l.size() - 1)) == a) {
            return m.key();
          }
        }
        case RW -> {
          List<?> l = m.f().equals("r") ? asList(m.value(), a) : null;
          if (l != null && order != null && l.size() < order.size()
              && byValue.get(order.get(l.size())) == b) {
            return m.key();
          }
        }
        default -> {
          return null;
        }
      }
    }
    return null;
  }

  /** Reports a cycle, classified by its anti-dependencies, write-reads and order steps. */
  private void report(List<Step> cycle) {
    int readWrites = 0;
    boolean writeRead = false;
    Dependency orderKind = null;
    StringBuilder sb = new StringBuilder();
    List<Transaction> witnesses = new ArrayList<>();
    for (Step step : cycle) {
      witnesses.add(txns.get(step.from()));
      sb.append(txns.get(step.from()).label()).append(" -").append(step.kind().label());
      if (step.key() != null) {
        sb.append(' ').append(EdnWriter.write(step.key()));
      }
      sb.append("-> ");
      switch (step.kind()) {
        case RW -> readWrites++;
        case WR -> writeRead = true;
        case PROCESS -> orderKind = orderKind == null ? Dependency.PROCESS : orderKind;
        case REALTIME -> orderKind = Dependency.REALTIME;
        default -> { }
      }
    }
    sb.append(txns.get(cycle.get(0).from()).label());
    report(AnomalyType.ofCycle(readWrites, writeRead, orderKind), witnesses, sb.toString());
  }

  private static Dependency strongest(int mask) {
    for (Dependency d : Dependency.values()) {
      if ((mask & d.bit()) != 0) {
        return d;
      }
    }
    throw new IllegalStateException("edge without a dependency");
  }

  private void report(AnomalyType type, List<Transaction> witnesses, String description) {
    counts.merge(type, 1, Integer::sum);
    List<Anomaly> list = found.computeIfAbsent(type, k -> new ArrayList<>());
    if (list.size() < WITNESSES_PER_TYPE) {
      list.add(new Anomaly(type, List.copyOf(witnesses), description));
    }
  }

  private static List<Object> asList(Object v, Transaction t) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      return list;
    }
    throw new IllegalArgumentException("a list-append read must observe a list, found "
        + EdnWriter.write(v) + " in " + t.label());
  }

  private static boolean isPrefix(List<Object> prefix, List<Object> of) {
    return prefix.size() <= of.size() && of.subList(0, prefix.size()).equals(prefix);
  }

  private static boolean endsWith(List<Object> list, List<Object> suffix) {
    return list.size() >= suffix.size()
        && list.subList(list.size() - suffix.size(), list.size()).equals(suffix);
  }
}
