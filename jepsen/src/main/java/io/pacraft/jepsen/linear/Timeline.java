package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.edn.EdnWriter;
import io.pacraft.jepsen.model.Call;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Draws the window of a {@link Counterexample} as an HTML page holding an SVG: one lane per
 * process, one bar per call from invocation to completion (history positions on a compressed
 * axis), green with its rank for calls in the longest linearizable prefix, red for the call that
 * cannot be linearized, grey for the rest, dashed for calls whose outcome is unknown. Hovering a
 * bar shows its events and the model state after it.
 */
final class Timeline {
  private static final int LANE = 34;
  private static final int STEP = 46;
  private static final int LEFT = 90;
  private static final int TOP = 30;

  private Timeline() {}

  static String html(String title, Counterexample cx) {
    List<Call> window = cx.window();
    TreeSet<Integer> positions = new TreeSet<>();
    TreeMap<String, Integer> lanes = new TreeMap<>(Timeline::compareProcesses);
    for (Call c : window) {
      positions.add(c.invokedAt());
      if (!c.isOpen()) {
        positions.add(c.completedAt());
      }
      lanes.putIfAbsent(EdnWriter.write(c.process()), 0);
    }
    int lane = 0;
    for (Map.Entry<String, Integer> e : lanes.entrySet()) {
      e.setValue(lane++);
    }
    Map<Integer, Integer> xOf = new HashMap<>();
    int slot = 0;
    for (int p : positions) {
      xOf.put(p, LEFT + slot++ * STEP);
    }
    int right = LEFT + slot * STEP + 20;
    Map<Integer, Integer> rank = new HashMap<>();
    for (int i = 0; i < cx.longestPrefix().size(); i++) {
      rank.put(cx.longestPrefix().get(i).id(), i);
    }

    StringBuilder svg = new StringBuilder();
    int axis = TOP + lanes.size() * LANE + 12;
    int height = axis + 16;
    svg.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(right + 10)
        .append("' height='").append(height).append("' font-family='monospace' font-size='11'>\n");
    for (Map.Entry<String, Integer> e : lanes.entrySet()) {
      int y = TOP + e.getValue() * LANE;
      svg.append("<text x='4' y='").append(y + 18).append("'>process ").append(esc(e.getKey()))
          .append("</text>\n");
      svg.append("<line x1='").append(LEFT - 10).append("' y1='").append(y + LANE - 4)
          .append("' x2='").append(right).append("' y2='").append(y + LANE - 4)
          .append("' stroke='#eee'/>\n");
    }
    svg.append("<text x='4' y='").append(axis).append("' fill='#888'>event</text>\n");
    for (Map.Entry<Integer, Integer> e : xOf.entrySet()) {
      svg.append("<text x='").append(e.getValue()).append("' y='").append(axis)
          .append("' fill='#888' font-size='9'>").append(historyIndex(window, e.getKey()))
          .append("</text>\n");
    }
    for (Call c : window) {
      int y = TOP + lanes.get(EdnWriter.write(c.process())) * LANE;
      int x1 = xOf.get(c.invokedAt());
      int x2 = c.isOpen() ? right : xOf.get(c.completedAt());
      Integer r = rank.get(c.id());
      boolean blocked = c.id() == cx.blocked().id();
      String fill = blocked ? "#f4a0a0" : r != null ? "#a8dca8" : "#dddddd";
      svg.append("<g><title>").append(esc(tooltip(c, r, cx))).append("</title>");
      svg.append("<rect x='").append(x1).append("' y='").append(y).append("' width='")
          .append(Math.max(8, x2 - x1)).append("' height='").append(LANE - 10)
          .append("' rx='4' fill='").append(fill).append("' stroke='")
          .append(blocked ? "#c00" : "#777").append('\'')
          .append(c.isOpen() ? " stroke-dasharray='4 3'" : "").append("/>");
      svg.append("<text x='").append(x1 + 4).append("' y='").append(y + 16).append("'>")
          .append(r != null ? "#" + (r + 1) + " " : "").append(esc(label(c))).append("</text>");
      svg.append("</g>\n");
    }
    svg.append("</svg>\n");

    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>")
        .append(esc(title)).append("</title>\n<style>body{font-family:sans-serif;margin:1em}"
            + " pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap}</style></head><body>\n");
    page.append("<h1>").append(esc(title)).append("</h1>\n");
    page.append("<p>Model <b>").append(esc(cx.model().name())).append("</b>")
        .append(cx.key() != null ? ", key <b>" + esc(EdnWriter.write(cx.key())) + "</b>" : "")
        .append(". Green: the longest linearizable prefix (with its order). Red: the operation"
            + " that cannot be linearized. Dashed: outcome unknown. Hover a bar for details."
            + "</p>\n");
    page.append(svg);
    page.append("<pre>").append(esc(cx.explanation(20))).append("</pre>\n</body></html>\n");
    return page.toString();
  }

  /** The index of the event at a history position (an invocation or completion in the window). */
  private static long historyIndex(List<Call> window, int position) {
    for (Call c : window) {
      if (c.invokedAt() == position) {
        return c.invocation().index();
      }
      if (c.completedAt() == position && c.completion() != null) {
        return c.completion().index();
      }
    }
    return position;
  }

  private static String label(Call c) {
    String in = c.f().equals("read") || c.f().equals("get") ? "" : " " + EdnWriter.write(c.input());
    String out = switch (c.outcome()) {
      case OK -> c.f().equals("read") || c.f().equals("get") ? " " + EdnWriter.write(c.output())
          : "";
      case REFUSED -> " ✗";
      case INDETERMINATE -> " ?";
    };
    String s = c.f() + in + out;
    return s.length() > 28 ? s.substring(0, 27) + "…" : s;
  }

  private static String tooltip(Call c, Integer rank, Counterexample cx) {
    StringBuilder sb = new StringBuilder(EdnWriter.write(c.invocation()));
    if (c.completion() != null) {
      sb.append('\n').append(EdnWriter.write(c.completion()));
    }
    if (rank != null) {
      sb.append("\nlinearized #").append(rank + 1).append(", state after: ")
          .append(EdnWriter.write(cx.statesAfter().get(rank)));
    }
    return sb.toString();
  }

  private static int compareProcesses(String a, String b) {
    if (a.length() != b.length() && a.chars().allMatch(Character::isDigit)
        && b.chars().allMatch(Character::isDigit)) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
