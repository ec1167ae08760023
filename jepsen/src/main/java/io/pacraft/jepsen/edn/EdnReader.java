package io.pacraft.jepsen.edn;

import io.pacraft.jepsen.history.Keyword;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads EDN text into the history value model: {@code nil} → null, integers → {@link Long}
 * ({@link BigInteger} when too large), decimals → {@link Double}, strings → {@link String},
 * keywords → {@link Keyword}, symbols → {@link String}, characters → {@link Character}, vectors
 * and lists → unmodifiable {@link List}, maps → unmodifiable insertion-ordered {@link Map}, sets →
 * unmodifiable {@link Set}. A tagged element {@code #tag v} reads as {@code v} (so Jepsen's
 * {@code #jepsen.history.Op{...}} records read as maps and {@code #inst "..."} as strings); {@code
 * #_ form} is discarded; {@code ;} starts a comment. Errors carry the line and column.
 */
public final class EdnReader {
  private final byte[] text;
  private int pos;
  private final KeywordTable keywords = new KeywordTable();

  /** A reader of UTF-8 encoded EDN. */
  public EdnReader(byte[] utf8) {
    this.text = utf8;
  }

  public EdnReader(String text) {
    this(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the only form of {@code text}. */
  public static Object readOne(String text) throws EdnSyntaxException {
    EdnReader r = new EdnReader(text);
    Object v = r.next();
    r.skipBlank();
    if (!r.atEnd()) {
      throw r.error("unexpected text after the first form", r.pos);
    }
    return v;
  }

  /** The offset of the next character to read. */
  public int position() {
    return pos;
  }

  /** True when nothing but blanks and comments remains. */
  public boolean atEnd() {
    skipBlank();
    return pos >= text.length;
  }

  /** Reads the next form. */
  public Object next() throws EdnSyntaxException {
    skipBlank();
    if (pos >= text.length) {
      throw error("unexpected end of input", pos);
    }
    int start = pos;
    char c = at(pos);
    switch (c) {
      case '[':
        pos++;
        return readSequence(']', start);
      case '(':
        pos++;
        return readSequence(')', start);
      case '{':
        pos++;
        return readMap(start);
      case '"':
        return readString();
      case ':':
        pos++;
        return readKeyword(start);
      case '\\':
        return readCharacter();
      case '#':
        return readDispatch(start);
      case ']':
      case ')':
      case '}':
        throw error("unmatched '" + c + "'", pos);
      default:
        if (isDigit(c) || ((c == '-' || c == '+') && pos + 1 < text.length
            && isDigit(at(pos + 1)))) {
          return readNumber();
        }
        String sym = readToken(start, "symbol");
        return switch (sym) {
          case "nil" -> null;
          case "true" -> Boolean.TRUE;
          case "false" -> Boolean.FALSE;
          default -> sym;
        };
    }
  }

  /**
   * Reads the opening bracket of a top-level vector or list and returns its closing bracket, so a
   * caller can read the elements one at a time with {@link #nextInSequence}.
   */
  public char openSequence() throws EdnSyntaxException {
    skipBlank();
    if (pos >= text.length) {
      throw error("empty input: expected a vector or list", pos);
    }
    char c = at(pos);
    if (c != '[' && c != '(') {
      throw error("expected a vector '[' or list '(' of operations, found '" + c + "'", pos);
    }
    pos++;
    return c == '[' ? ']' : ')';
  }

  /** True and past the closing bracket when the sequence ends here; false when an element follows. */
  public boolean closeSequence(char close, int openedAt) throws EdnSyntaxException {
    skipBlank();
    if (pos >= text.length) {
      throw error("unterminated collection (opened here)", openedAt);
    }
    char c = at(pos);
    if (c == close) {
      pos++;
      return true;
    }
    if (c == ']' || c == ')' || c == '}') {
      throw error("expected '" + close + "' but found '" + c + "'", pos);
    }
    return false;
  }

  /** True and past the brace when a map starts here; its entries end at {@code closeSequence('}')}. */
  public boolean openMap() {
    skipBlank();
    if (pos < text.length && text[pos] == '{') {
      pos++;
      return true;
    }
    return false;
  }

  /** An error at {@code offset}, with its line and column. */
  public EdnSyntaxException error(String message, int offset) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < offset && i < text.length; i++) {
      if (text[i] == '\n') {
        line++;
        col = 1;
      } else if ((text[i] & 0xC0) != 0x80) {
        col++;
      }
    }
    return new EdnSyntaxException(message, line, col);
  }

  private List<Object> readSequence(char close, int start) throws EdnSyntaxException {
    List<Object> items = new ArrayList<>();
    while (!closeSequence(close, start)) {
      if (discardIfMarked()) {
        continue;
      }
      items.add(next());
    }
    return Collections.unmodifiableList(items);
  }

  private Map<Object, Object> readMap(int start) throws EdnSyntaxException {
    Map<Object, Object> map = new LinkedHashMap<>();
    while (!closeSequence('}', start)) {
      if (discardIfMarked()) {
        continue;
      }
      int keyAt = pos;
      Object k = next();
      while (discardIfMarked()) {
        // a discarded form between key and value
      }
      if (closeSequence('}', start)) {
        throw error("map key without a value", keyAt);
      }
      Object v = next();
      if (map.containsKey(k)) {
        throw error("duplicate map key " + EdnWriter.write(k), keyAt);
      }
      map.put(k, v);
    }
    return Collections.unmodifiableMap(map);
  }

  private Object readDispatch(int start) throws EdnSyntaxException {
    if (pos + 1 >= text.length) {
      throw error("'#' at end of input", pos);
    }
    char c = at(pos + 1);
    if (c == '{') {
      pos += 2;
      Set<Object> set = new LinkedHashSet<>();
      for (Object o : readSequence('}', start)) {
        if (!set.add(o)) {
          throw error("duplicate set element " + EdnWriter.write(o), start);
        }
      }
      return Collections.unmodifiableSet(set);
    }
    if (c == '_') {
      pos += 2;
      next();
      return next();
    }
    if (c == '#') {
      pos += 2;
      String symbolic = readToken(start, "symbolic value");
      return switch (symbolic) {
        case "Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> throw error("unknown symbolic value ##" + symbolic, start);
      };
    }
    pos++;
    String tag = readToken(start, "tag");
    if (tag.isEmpty()) {
      throw error("'#' must be followed by a tag, '{' or '_'", start);
    }
    return next();
  }

  /** Skips a {@code #_ form} discard if one starts here. */
  private boolean discardIfMarked() throws EdnSyntaxException {
    skipBlank();
    if (pos + 1 < text.length && at(pos) == '#' && at(pos + 1) == '_') {
      pos += 2;
      next();
      return true;
    }
    return false;
  }

  private String readString() throws EdnSyntaxException {
    int start = pos;
    pos++;
    StringBuilder sb = null;
    int runStart = pos;
    while (true) {
      if (pos >= text.length) {
        throw error("unterminated string", start);
      }
      char c = at(pos);
      if (c == '"') {
        String s = sb == null ? utf8(runStart, pos)
            : sb.append(utf8(runStart, pos)).toString();
        pos++;
        return s;
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(utf8(runStart, pos));
        if (pos + 1 >= text.length) {
          throw error("unterminated string", start);
        }
        char e = at(pos + 1);
        pos += 2;
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case 'u' -> {
            sb.append(hex4(pos));
            pos += 4;
          }
          default -> throw error("unknown escape '\\" + e + "' in string", pos - 2);
        }
        runStart = pos;
        continue;
      }
      pos++;
    }
  }

  private char hex4(int at) throws EdnSyntaxException {
    if (at + 4 > text.length) {
      throw error("truncated \\u escape", at);
    }
    try {
      return (char) Integer.parseInt(utf8(at, at + 4), 16);
    } catch (NumberFormatException e) {
      throw error("bad \\u escape", at);
    }
  }

  private Character readCharacter() throws EdnSyntaxException {
    int start = pos;
    pos++;
    if (pos >= text.length) {
      throw error("'\\' at end of input", start);
    }
    int tokenStart = pos;
    pos++;
    while (pos < text.length && !isDelimiter(at(pos))) {
      pos++;
    }
    String t = utf8(tokenStart, pos);
    if (t.length() == 1) {
      return t.charAt(0);
    }
    switch (t) {
      case "newline": return '\n';
      case "space": return ' ';
      case "tab": return '\t';
      case "return": return '\r';
      case "backspace": return '\b';
      case "formfeed": return '\f';
      default:
        if (t.length() == 5 && t.charAt(0) == 'u') {
          return hex4(tokenStart + 1);
        }
        throw error("unknown character literal \\" + t, start);
    }
  }

  private Object readNumber() throws EdnSyntaxException {
    int start = pos;
    int i = pos;
    boolean negative = false;
    char c0 = at(i);
    if (c0 == '-' || c0 == '+') {
      negative = c0 == '-';
      i++;
    }
    long acc = 0;
    boolean overflow = false;
    while (i < text.length && isDigit(at(i))) {
      int d = at(i) - '0';
      if (acc > (Long.MAX_VALUE - d) / 10) {
        overflow = true;
      }
      acc = acc * 10 + d;
      i++;
    }
    if (i >= text.length || isDelimiter(at(i))) {
      pos = i;
      if (!overflow) {
        return negative ? -acc : acc;
      }
      return new BigInteger(utf8(start, i));
    }
    while (i < text.length && !isDelimiter(at(i))) {
      i++;
    }
    pos = i;
    String t = utf8(start, i);
    try {
      if (t.endsWith("N")) {
        BigInteger b = new BigInteger(t.substring(0, t.length() - 1));
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
      }
      if (t.endsWith("M")) {
        return Double.parseDouble(t.substring(0, t.length() - 1));
      }
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw error("malformed number '" + t + "'", start);
    }
  }

  private Keyword readKeyword(int start) throws EdnSyntaxException {
    int from = pos;
    while (pos < text.length && !isDelimiter(at(pos))) {
      pos++;
    }
    if (pos == from) {
      throw error("empty keyword", start);
    }
    return keywords.get(text, from, pos);
  }

  private String utf8(int from, int to) {
    for (int i = from; i < to; i++) {
      if (text[i] < 0) {
        return new String(text, from, to - from, StandardCharsets.UTF_8);
      }
    }
    return new String(text, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Keywords seen by this reader, found by their bytes without building a string each time. */
  private static final class KeywordTable {
    private byte[][] names = new byte[64][];
    private Keyword[] keywords = new Keyword[64];
    private int size;

    Keyword get(byte[] buf, int from, int to) {
      int h = 0;
      for (int i = from; i < to; i++) {
        h = h * 31 + buf[i];
      }
      int mask = names.length - 1;
      int i = (h ^ (h >>> 16)) & mask;
      while (names[i] != null) {
        if (java.util.Arrays.equals(names[i], 0, names[i].length, buf, from, to)) {
          return keywords[i];
        }
        i = (i + 1) & mask;
      }
      byte[] name = java.util.Arrays.copyOfRange(buf, from, to);
      Keyword k = Keyword.of(new String(name, StandardCharsets.UTF_8));
      names[i] = name;
      keywords[i] = k;
      if (++size * 2 > names.length) {
        grow();
      }
      return k;
    }

    private void grow() {
      byte[][] oldNames = names;
      Keyword[] oldKeywords = keywords;
      names = new byte[oldNames.length * 2][];
      keywords = new Keyword[oldNames.length * 2];
      size = 0;
      for (int j = 0; j < oldNames.length; j++) {
        if (oldNames[j] != null) {
          byte[] n = oldNames[j];
          int h = 0;
          for (byte b : n) {
            h = h * 31 + b;
          }
          int mask = names.length - 1;
          int i = (h ^ (h >>> 16)) & mask;
          while (names[i] != null) {
            i = (i + 1) & mask;
          }
          names[i] = n;
          keywords[i] = oldKeywords[j];
          size++;
        }
      }
    }
  }

  private String readToken(int start, String what) throws EdnSyntaxException {
    int from = pos;
    while (pos < text.length && !isDelimiter(at(pos))) {
      pos++;
    }
    if (pos == from && !what.equals("tag")) {
      throw error("empty " + what, start);
    }
    return utf8(from, pos);
  }

  private void skipBlank() {
    while (pos < text.length) {
      char c = at(pos);
      if (c == ';') {
        while (pos < text.length && at(pos) != '\n') {
          pos++;
        }
      } else if (c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
          || c == '\u000B') {
        pos++;
      } else {
        return;
      }
    }
  }

  private char at(int i) {
    return (char) (text[i] & 0xFF);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isDelimiter(char c) {
    return c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
        || c == '[' || c == ']' || c == '(' || c == ')' || c == '{' || c == '}' || c == '"'
        || c == ';' || c == '\u000B';
  }
}
