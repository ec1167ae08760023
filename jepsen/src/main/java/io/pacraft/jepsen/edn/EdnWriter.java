package io.pacraft.jepsen.edn;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.Op;
import java.io.IOException;
import java.io.Writer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes values of the history value model as EDN: lists as vectors, {@link Keyword}s as {@code
 * :name}, anything else unknown through {@code toString()} as a string.
 */
public final class EdnWriter {
  private EdnWriter() {}

  /** The EDN text of a value. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  /** The EDN map of one event, e.g. {@code {:process 0, :type :ok, :f :read, :value 3}}. */
  public static String write(Op op) {
    StringBuilder sb = new StringBuilder(64);
    append(sb, op);
    return sb.toString();
  }

  /** Writes a history as an EDN vector, one event per line. */
  public static void write(History history, Writer out) throws IOException {
    StringBuilder sb = new StringBuilder(128);
    out.write('[');
    boolean first = true;
    for (Op op : history) {
      sb.setLength(0);
      if (!first) {
        sb.append("\n ");
      }
      first = false;
      append(sb, op);
      out.append(sb);
    }
    out.write("]\n");
  }

  /** Appends the EDN map of one event. */
  public static void append(StringBuilder sb, Op op) {
    sb.append('{');
    if (op.index() >= 0) {
      sb.append(":index ").append(op.index()).append(", ");
    }
    sb.append(":process ");
    append(sb, op.process());
    sb.append(", :type :").append(op.type().keywordName());
    sb.append(", :f ");
    appendName(sb, op.f());
    sb.append(", :value ");
    append(sb, op.value());
    if (op.time() >= 0) {
      sb.append(", :time ").append(op.time());
    }
    if (op.key() != null) {
      sb.append(", :key ");
      append(sb, op.key());
    }
    if (op.error() != null) {
      sb.append(", :error ");
      append(sb, op.error());
    }
    sb.append('}');
  }

  /** Appends one value. */
  public static void append(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("nil");
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short
        || v instanceof Byte || v instanceof Boolean || v instanceof Keyword) {
      sb.append(v);
    } else if (v instanceof java.math.BigInteger) {
      sb.append(v).append('N');
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        sb.append("##NaN");
      } else if (Double.isInfinite(d)) {
        sb.append(d > 0 ? "##Inf" : "##-Inf");
      } else {
        String s = Double.toString(d);
        sb.append(s);
      }
    } else if (v instanceof String s) {
      appendString(sb, s);
    } else if (v instanceof Character c) {
      switch (c) {
        case '\n' -> sb.append("\\newline");
        case ' ' -> sb.append("\\space");
        case '\t' -> sb.append("\\tab");
        case '\r' -> sb.append("\\return");
        default -> sb.append('\\').append(c.charValue());
      }
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        append(sb, e.getKey());
        sb.append(' ');
        append(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof Set<?> s) {
      appendAll(sb, "#{", s, "}");
    } else if (v instanceof List<?> l) {
      appendAll(sb, "[", l, "]");
    } else if (v instanceof Collection<?> c) {
      appendAll(sb, "[", c, "]");
    } else if (v instanceof Op op) {
      append(sb, op);
    } else {
      appendString(sb, v.toString());
    }
  }

  private static void appendAll(StringBuilder sb, String open, Collection<?> items, String close) {
    sb.append(open);
    boolean first = true;
    for (Object o : items) {
      if (!first) {
        sb.append(' ');
      }
      first = false;
      append(sb, o);
    }
    sb.append(close);
  }

  /** An operation name as a keyword when it can be one, otherwise as a string. */
  private static void appendName(StringBuilder sb, String name) {
    boolean plain = !name.isEmpty();
    for (int i = 0; i < name.length() && plain; i++) {
      char c = name.charAt(i);
      plain = Character.isLetterOrDigit(c) || "-_*+!?<>=./".indexOf(c) >= 0;
    }
    if (plain) {
      sb.append(':').append(name);
    } else {
      appendString(sb, name);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
