package io.pacraft.jepsen.edn;

import java.io.IOException;

/** Malformed EDN, or EDN that is not a history, at a line and column (both from 1). */
public final class EdnSyntaxException extends IOException {
  private final int line;
  private final int column;

  public EdnSyntaxException(String message, int line, int column) {
    super("line " + line + ", column " + column + ": " + message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
