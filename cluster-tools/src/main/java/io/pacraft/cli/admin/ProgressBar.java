package io.pacraft.cli.admin;

import java.io.PrintStream;

/** A one-line text progress bar, redrawn in place on a terminal and printed sparingly otherwise. */
final class ProgressBar {
  private static final int WIDTH = 40;
  private final PrintStream out;
  private final String label;
  private final boolean terminal = System.console() != null;
  private int lastPercent = -1;

  ProgressBar(PrintStream out, String label) {
    this.out = out;
    this.label = label;
  }

  void show(long done, long total) {
    int percent = total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    if (percent == lastPercent || !terminal && percent / 10 == lastPercent / 10 && lastPercent >= 0) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    String line = String.format("%s [%s%s] %3d%% (%d/%d)", label, "#".repeat(filled), " ".repeat(WIDTH - filled), percent, done, total);
    if (terminal) {
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  void done() {
    if (terminal && lastPercent >= 0) {
      out.println();
    }
  }
}
