package io.pacraft.resp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an inline command line into arguments with Redis' quoting rules ({@code sdssplitargs}):
 * words separated by blanks; {@code "..."} with the escapes {@code \n \r \t \b \a \xHH} (any other
 * escaped byte stands for itself); {@code '...'} with only {@code \'}; a closing quote must be
 * followed by a blank or the end of the line. A NUL byte ends the line, as in C.
 */
final class InlineArgs {
  private InlineArgs() {}

  /** The arguments of {@code line}, empty for a blank line, or null for unbalanced quotes. */
  static byte[][] split(byte[] line) {
    List<byte[]> args = new ArrayList<>();
    byte[] token = new byte[line.length];
    int p = 0;
    while (true) {
      while (at(line, p) != 0 && isSpace(at(line, p))) {
        p++;
      }
      if (at(line, p) == 0) {
        return args.toArray(new byte[0][]);
      }
      int quote = 0; // the open quote, '"' or '\'', or 0 outside quotes
      boolean done = false;
      int len = 0;
      while (!done) {
        int c = at(line, p);
        int next = at(line, p + 1);
        if (quote == 0) {
          switch (c) {
            case ' ', '\n', '\r', '\t', 0 -> done = true;
            case '"', '\'' -> quote = c;
            default -> token[len++] = (byte) c;
          }
        } else if (quote == '"' && c == '\\' && next == 'x'
            && isHex(at(line, p + 2)) && isHex(at(line, p + 3))) {
          token[len++] = (byte) (hex(at(line, p + 2)) * 16 + hex(at(line, p + 3)));
          p += 3;
        } else if (c == '\\' && (quote == '"' ? next != 0 : next == '\'')) {
          token[len++] = (byte) (quote == '"' ? unescape(next) : next);
          p++;
        } else if (c == quote) {
          if (!endsToken(line, p + 1)) {
            return null; // a closing quote must end the word
          }
          done = true;
        } else if (c == 0) {
          return null; // the line ended inside quotes
        } else {
          token[len++] = (byte) c;
        }
        if (at(line, p) != 0) {
          p++;
        }
      }
      args.add(Arrays.copyOf(token, len));
    }
  }

  /** The byte at {@code i} as an unsigned value, 0 past the end (C's terminator). */
  private static int at(byte[] line, int i) {
    return i < line.length ? line[i] & 0xff : 0;
  }

  /** A closing quote must be followed by a blank or the end. */
  private static boolean endsToken(byte[] line, int next) {
    int c = at(line, next);
    return c == 0 || isSpace(c);
  }

  /** C's isspace in the "C" locale. */
  private static boolean isSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int hex(int c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  }

  private static int unescape(int c) {
    return switch (c) {
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'b' -> '\b';
      case 'a' -> 7;
      default -> c;
    };
  }
}
