package io.pacraft.jepsen.runner;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import io.pacraft.jepsen.linear.LinearizabilityResult;
import io.pacraft.jepsen.verdict.Result;
import io.pacraft.jepsen.verdict.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The run's {@code report.html}: one self-contained page (inline SVG, no scripts, no external
 * files). The verdict first; then latency over time, one chart per operation type, each point an
 * operation coloured by its outcome; throughput over time by outcome; fault windows shaded on both;
 * for an invalid history the evidence and, for a linearizability failure, the timeline of the
 * offending operations.
 */
public final class Report {
  static final String OK = "#2a9d4a";
  static final String FAIL = "#e08a00";
  static final String INFO = "#7b2cbf";
  private static final int W = 1000;
  private static final int H = 260;
  private static final int L = 60;
  private static final int R = 20;
  private static final int T = 20;
  private static final int B = 36;

  private Report() {}

  /** One completed client operation. */
  record Sample(String f, OpType outcome, double at, double latencyMs, long completionIndex) {}

  /** A fault window, in seconds since the start. */
  record Window(String kind, String what, double from, double to) {}

  public static String html(RunSpec spec, History history, long t0, Verdict verdict, String reason, Result result) {
    List<Sample> samples = samples(history, t0);
    List<Window> windows = windows(history, t0);
    double end = 1;
    for (Op o : history) {
      if (o.time() >= t0) {
        end = Math.max(end, (o.time() - t0) / 1e9);
      }
    }
    Long blocked = null;
    if (result instanceof LinearizabilityResult lr && lr.counterexample().isPresent()) {
      blocked = lr.counterexample().get().blockedOp().index();
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>pacraft jepsen: ")
        .append(esc(spec.runName())).append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1060px}")
        .append(".verdict{font-size:28px;font-weight:700;padding:12px 16px;border-radius:6px;color:#fff}")
        .append(".valid{background:#2a9d4a}.invalid{background:#c1121f}.unknown{background:#6c757d}")
        .append("table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}")
        .append("pre{background:#f6f6f6;padding:10px;overflow:auto;font-size:12px}")
        .append("h2{margin-top:28px}.legend span{display:inline-block;margin-right:16px}")
        .append(".sw{display:inline-block;width:12px;height:12px;border-radius:6px;margin-right:4px;vertical-align:middle}")
        .append("</style></head><body>\n");
    String cls = verdict == Verdict.VALID ? "valid" : verdict == Verdict.INVALID ? "invalid" : "unknown";
    String word = verdict == Verdict.VALID ? "VALID" : verdict == Verdict.INVALID ? "INVALID — anomalies found" : "UNKNOWN";
    sb.append("<div class=\"verdict ").append(cls).append("\">").append(word).append("</div>\n");
    sb.append("<p>").append(esc(reason)).append("</p>\n");
    Map<String, Long> counts = Runner.counts(history);
    sb.append("<table>");
    row(sb, "protocol", spec.protocol());
    row(sb, "workload", spec.workload() + (spec.readFromReplicas() ? " (reads from replicas, READONLY)" : ""));
    row(sb, "nemesis", spec.nemeses().isEmpty() ? "none" : String.join(", ", spec.nemeses().stream().map(FaultKind::label).toList())
        + " every " + fmt(spec.nemesisIntervalSeconds()) + " s");
    row(sb, "cluster", spec.hosts().isEmpty() ? spec.nodes() + " local nodes" : String.join(" ", spec.hosts()));
    row(sb, "time limit", spec.timeLimitSeconds() + " s, " + spec.concurrency() + " processes, target " + fmt(spec.rate()) + " ops/s");
    row(sb, "seed", Long.toString(spec.seed()));
    row(sb, "operations", counts.get("invoke") + " invoked: " + counts.get("ok") + " ok, " + counts.get("fail") + " fail, "
        + counts.get("info") + " info");
    row(sb, "faults", windows.size() + " windows");
    sb.append("</table>\n");
    sb.append("<p class=\"legend\"><span><i class=\"sw\" style=\"background:").append(OK).append("\"></i>ok</span>")
        .append("<span><i class=\"sw\" style=\"background:").append(FAIL).append("\"></i>fail (refused, or no effect)</span>")
        .append("<span><i class=\"sw\" style=\"background:").append(INFO).append("\"></i>info (outcome unknown)</span>")
        .append("<span><i class=\"sw\" style=\"background:#f4a261;opacity:.35;border-radius:0\"></i>fault window</span></p>\n");

    Map<String, List<Sample>> byF = new TreeMap<>();
    for (Sample s : samples) {
      byF.computeIfAbsent(s.f(), k -> new ArrayList<>()).add(s);
    }
    sb.append("<h2>Latency over time</h2>\n");
    for (Map.Entry<String, List<Sample>> e : byF.entrySet()) {
      sb.append("<h3>:").append(esc(e.getKey())).append(" (").append(e.getValue().size()).append(")</h3>\n");
      latencyChart(sb, e.getValue(), windows, end, blocked);
    }
    sb.append("<h2>Throughput over time</h2>\n");
    throughputChart(sb, samples, windows, end);

    sb.append("<h2>Faults</h2>\n");
    if (windows.isEmpty()) {
      sb.append("<p>none</p>\n");
    } else {
      sb.append("<table><tr><th>from (s)</th><th>to (s)</th><th>fault</th><th>what</th></tr>");
      for (Window w : windows) {
        sb.append("<tr><td>").append(fmt(w.from())).append("</td><td>").append(fmt(w.to())).append("</td><td>")
            .append(esc(w.kind())).append("</td><td>").append(esc(w.what())).append("</td></tr>");
      }
      sb.append("</table>\n");
    }
    if (result != null && result.verdict() != Verdict.VALID) {
      sb.append("<h2>Why</h2>\n<pre>").append(esc(result.explanation())).append("</pre>\n");
      if (result instanceof LinearizabilityResult lr && lr.counterexample().isPresent()) {
        sb.append("<h2>Timeline of the offending operations</h2>\n");
        sb.append("<iframe style=\"width:100%;height:520px;border:1px solid #ccc\" srcdoc=\"")
            .append(esc(lr.counterexample().get().timelineHtml(spec.runName()))).append("\"></iframe>\n");
      }
    }
    sb.append("<p style=\"color:#777\">history.edn holds every event; results.edn the verdict and counts; nodes/*/node.log the servers' logs.</p>\n");
    sb.append("</body></html>\n");
    return sb.toString();
  }

  static List<Sample> samples(History history, long t0) {
    Map<Object, Op> open = new HashMap<>();
    List<Sample> out = new ArrayList<>();
    for (Op o : history) {
      if (!o.isClient()) {
        continue;
      }
      if (o.type() == OpType.INVOKE) {
        open.put(o.process(), o);
        continue;
      }
      Op inv = open.remove(o.process());
      if (inv == null || inv.time() < 0 || o.time() < 0) {
        continue;
      }
      out.add(new Sample(o.f(), o.type(), (o.time() - t0) / 1e9, Math.max(0.001, (o.time() - inv.time()) / 1e6), o.index()));
    }
    return out;
  }

  static List<Window> windows(History history, long t0) {
    Map<String, Op> started = new LinkedHashMap<>();
    List<Window> out = new ArrayList<>();
    double last = 0;
    for (Op o : history) {
      if (o.time() >= 0) {
        last = Math.max(last, (o.time() - t0) / 1e9);
      }
      if (o.isClient()) {
        continue;
      }
      if (o.f().startsWith("start-")) {
        started.put(o.f().substring(6), o);
      } else if (o.f().startsWith("stop-")) {
        Op s = started.remove(o.f().substring(5));
        if (s != null) {
          out.add(new Window(o.f().substring(5), String.valueOf(s.value()), (s.time() - t0) / 1e9, (o.time() - t0) / 1e9));
        }
      }
    }
    for (Op s : started.values()) {
      out.add(new Window(s.f().substring(6), s.value() + " (not healed)", (s.time() - t0) / 1e9, last));
    }
    return out;
  }

  private static void latencyChart(StringBuilder sb, List<Sample> samples, List<Window> windows, double end, Long blocked) {
    double maxMs = 1;
    for (Sample s : samples) {
      maxMs = Math.max(maxMs, s.latencyMs());
    }
    double lo = 0.1;
    double hi = Math.pow(10, Math.ceil(Math.log10(maxMs)));
    open(sb, "latency");
    shade(sb, windows, end);
    for (double d = lo; d <= hi * 1.001; d *= 10) {
      double y = yLog(d, lo, hi);
      sb.append("<line x1=\"").append(L).append("\" x2=\"").append(W - R).append("\" y1=\"").append(f1(y)).append("\" y2=\"").append(f1(y))
          .append("\" stroke=\"#eee\"/><text x=\"").append(L - 6).append("\" y=\"").append(f1(y + 4))
          .append("\" text-anchor=\"end\" font-size=\"11\">").append(d < 1 ? fmt(d) : Long.toString(Math.round(d))).append("</text>\n");
    }
    timeAxis(sb, end, "latency (ms, log)");
    for (OpType type : new OpType[] {OpType.OK, OpType.FAIL, OpType.INFO}) {
      for (Sample s : samples) {
        if (s.outcome() != type) {
          continue;
        }
        sb.append("<circle cx=\"").append(f1(x(s.at(), end))).append("\" cy=\"").append(f1(yLog(s.latencyMs(), lo, hi)))
            .append("\" r=\"").append(blocked != null && blocked == s.completionIndex() ? "6\" stroke=\"#000\" stroke-width=\"2" : "2")
            .append("\" fill=\"").append(color(type)).append("\" fill-opacity=\"0.7\"/>\n");
      }
    }
    sb.append("</svg>\n");
  }

  private static void throughputChart(StringBuilder sb, List<Sample> samples, List<Window> windows, double end) {
    int bins = (int) Math.ceil(end);
    Map<OpType, int[]> per = new LinkedHashMap<>();
    for (OpType t : new OpType[] {OpType.OK, OpType.FAIL, OpType.INFO}) {
      per.put(t, new int[bins + 1]);
    }
    int max = 1;
    for (Sample s : samples) {
      int[] b = per.get(s.outcome());
      int i = Math.min(bins, (int) s.at());
      b[i]++;
      max = Math.max(max, b[i]);
    }
    open(sb, "throughput");
    shade(sb, windows, end);
    int step = niceStep(max);
    for (int v = 0; v <= max; v += step) {
      double y = yLin(v, max);
      sb.append("<line x1=\"").append(L).append("\" x2=\"").append(W - R).append("\" y1=\"").append(f1(y)).append("\" y2=\"").append(f1(y))
          .append("\" stroke=\"#eee\"/><text x=\"").append(L - 6).append("\" y=\"").append(f1(y + 4))
          .append("\" text-anchor=\"end\" font-size=\"11\">").append(v).append("</text>\n");
    }
    timeAxis(sb, end, "completions / s");
    for (Map.Entry<OpType, int[]> e : per.entrySet()) {
      StringBuilder pts = new StringBuilder();
      int[] b = e.getValue();
      for (int i = 0; i <= bins; i++) {
        pts.append(f1(x(i + 0.5, end))).append(',').append(f1(yLin(b[i], max))).append(' ');
      }
      sb.append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").append(color(e.getKey())).append("\" points=\"")
          .append(pts.toString().trim()).append("\"/>\n");
    }
    sb.append("</svg>\n");
  }

  private static void open(StringBuilder sb, String label) {
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
        .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(label)
        .append("\" style=\"background:#fff;border:1px solid #ddd\">\n");
  }

  private static void shade(StringBuilder sb, List<Window> windows, double end) {
    for (Window w : windows) {
      double x1 = x(w.from(), end);
      double x2 = Math.max(x1 + 1, x(w.to(), end));
      sb.append("<rect x=\"").append(f1(x1)).append("\" y=\"").append(T).append("\" width=\"").append(f1(x2 - x1))
          .append("\" height=\"").append(H - T - B).append("\" fill=\"#f4a261\" fill-opacity=\"0.3\"><title>")
          .append(esc(w.kind() + ": " + w.what())).append("</title></rect>")
          .append("<text x=\"").append(f1(x1 + 2)).append("\" y=\"").append(T + 10).append("\" font-size=\"10\" fill=\"#b05a00\">")
          .append(esc(w.kind())).append("</text>\n");
    }
  }

  private static void timeAxis(StringBuilder sb, double end, String yLabel) {
    sb.append("<line x1=\"").append(L).append("\" x2=\"").append(W - R).append("\" y1=\"").append(H - B).append("\" y2=\"").append(H - B)
        .append("\" stroke=\"#444\"/><line x1=\"").append(L).append("\" x2=\"").append(L).append("\" y1=\"").append(T)
        .append("\" y2=\"").append(H - B).append("\" stroke=\"#444\"/>\n");
    int step = niceStep((int) Math.ceil(end));
    for (int s = 0; s <= end; s += step) {
      double xx = x(s, end);
      sb.append("<text x=\"").append(f1(xx)).append("\" y=\"").append(H - B + 14).append("\" text-anchor=\"middle\" font-size=\"11\">")
          .append(s).append("</text>\n");
    }
    sb.append("<text x=\"").append((L + W - R) / 2).append("\" y=\"").append(H - 4).append("\" text-anchor=\"middle\" font-size=\"11\">time (s)</text>")
        .append("<text x=\"12\" y=\"").append((T + H - B) / 2).append("\" font-size=\"11\" transform=\"rotate(-90 12 ")
        .append((T + H - B) / 2).append(")\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>\n");
  }

  private static int niceStep(int max) {
    int[] steps = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
    for (int s : steps) {
      if (max / s <= 8) {
        return s;
      }
    }
    return 20000;
  }

  private static double x(double seconds, double end) {
    return L + (W - L - R) * Math.max(0, Math.min(1, seconds / end));
  }

  private static double yLog(double v, double lo, double hi) {
    double f = (Math.log10(Math.max(lo, v)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    return H - B - (H - T - B) * Math.min(1, f);
  }

  private static double yLin(double v, double max) {
    return H - B - (H - T - B) * (v / max);
  }

  private static String color(OpType t) {
    return t == OpType.OK ? OK : t == OpType.FAIL ? FAIL : INFO;
  }

  private static void row(StringBuilder sb, String k, String v) {
    sb.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
  }

  private static String f1(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
