package io.pacraft.server.glob;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis' glob-style patterns (stringmatchlen): {@code *} any run, {@code ?} any byte, {@code [abc]},
 * {@code [^abc]}, {@code [a-z]} classes, {@code \x} escapes. Compiled once, matched without
 * recursion in O(pattern × subject) worst case, so hostile patterns cannot blow the stack or spin.
 */
public final class GlobPattern {
  private static final int STAR = 0;
  private static final int ANY = 1;
  private static final int LITERAL = 2;
  private static final int CLASS = 3;

  private final int[] kinds;
  private final int[] literals;
  private final boolean[][] classes;
  private final boolean nocase;
  private final byte[] literalPrefix;
  private final boolean matchAll;

  private GlobPattern(List<int[]> tokens, List<boolean[]> classList, boolean nocase) {
    int n = tokens.size();
    kinds = new int[n];
    literals = new int[n];
    classes = new boolean[n][];
    for (int i = 0; i < n; i++) {
      kinds[i] = tokens.get(i)[0];
      literals[i] = tokens.get(i)[1];
      classes[i] = classList.get(i);
    }
    this.nocase = nocase;
    int p = 0;
    while (p < n && kinds[p] == LITERAL) {
      p++;
    }
    byte[] prefix = new byte[nocase ? 0 : p];
    for (int i = 0; i < prefix.length; i++) {
      prefix[i] = (byte) literals[i];
    }
    literalPrefix = prefix;
    matchAll = n == 1 && kinds[0] == STAR;
  }

  public static GlobPattern compile(byte[] pattern) {
    return compile(pattern, false);
  }

  public static GlobPattern compile(byte[] pattern, boolean nocase) {
    List<int[]> tokens = new ArrayList<>();
    List<boolean[]> classList = new ArrayList<>();
    int i = 0;
    int len = pattern.length;
    while (i < len) {
      int c = pattern[i] & 0xFF;
      if (c == '*') {
        if (tokens.isEmpty() || tokens.get(tokens.size() - 1)[0] != STAR) {
          tokens.add(new int[] {STAR, 0});
          classList.add(null);
        }
        i++;
      } else if (c == '?') {
        tokens.add(new int[] {ANY, 0});
        classList.add(null);
        i++;
      } else if (c == '[') {
        i++;
        boolean negate = i < len && pattern[i] == '^';
        if (negate) {
          i++;
        }
        boolean[] set = new boolean[256];
        while (i < len && pattern[i] != ']') {
          int x = pattern[i] & 0xFF;
          if (x == '\\' && i + 1 < len) {
            set[pattern[i + 1] & 0xFF] = true;
            i += 2;
          } else if (i + 2 < len && pattern[i + 1] == '-') {
            int start = x;
            int end = pattern[i + 2] & 0xFF;
            if (start > end) {
              int t = start;
              start = end;
              end = t;
            }
            for (int k = start; k <= end; k++) {
              set[k] = true;
            }
            i += 3;
          } else {
            set[x] = true;
            i++;
          }
        }
        if (i < len) {
          i++; // the ']'
        }
        if (nocase) {
          for (int k = 'a'; k <= 'z'; k++) {
            if (set[k] || set[k - 32]) {
              set[k] = true;
              set[k - 32] = true;
            }
          }
        }
        if (negate) {
          for (int k = 0; k < 256; k++) {
            set[k] = !set[k];
          }
        }
        tokens.add(new int[] {CLASS, 0});
        classList.add(set);
      } else if (c == '\\' && i + 1 < len) {
        tokens.add(new int[] {LITERAL, pattern[i + 1] & 0xFF});
        classList.add(null);
        i += 2;
      } else {
        tokens.add(new int[] {LITERAL, c});
        classList.add(null);
        i++;
      }
    }
    return new GlobPattern(tokens, classList, nocase);
  }

  /** True for the pattern {@code *}. */
  public boolean matchesEverything() {
    return matchAll;
  }

  /** The literal bytes every match starts with (empty when the pattern starts with a wildcard). */
  public byte[] literalPrefix() {
    return literalPrefix;
  }

  public boolean matches(byte[] s) {
    if (matchAll) {
      return true;
    }
    int n = kinds.length;
    int p = 0;
    int i = 0;
    int starP = -1;
    int starI = 0;
    while (i < s.length) {
      if (p < n && kinds[p] != STAR && one(p, s[i] & 0xFF)) {
        p++;
        i++;
      } else if (p < n && kinds[p] == STAR) {
        starP = p++;
        starI = i;
      } else if (starP >= 0) {
        p = starP + 1;
        i = ++starI;
      } else {
        return false;
      }
    }
    while (p < n && kinds[p] == STAR) {
      p++;
    }
    return p == n;
  }

  private boolean one(int p, int c) {
    switch (kinds[p]) {
      case ANY:
        return true;
      case LITERAL:
        int l = literals[p];
        return l == c || nocase && lower(l) == lower(c);
      case CLASS:
        return classes[p][c];
      default:
        return false;
    }
  }

  private static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }
}
