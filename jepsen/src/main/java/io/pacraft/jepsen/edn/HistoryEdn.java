package io.pacraft.jepsen.edn;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Keyword;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Knossos/Jepsen histories in EDN: a vector or list whose elements are operation maps {@code
 * {:process P :type :invoke|:ok|:fail|:info :f F :value V}} with optional {@code :time :index :key
 * :error}, or tuples {@code [process type f value]}. Other map entries are ignored. {@code :f} may
 * be a keyword or a string. An event without {@code :index} gets its position.
 */
public final class HistoryEdn {
  private static final Keyword PROCESS = Keyword.of("process");
  private static final Keyword TYPE = Keyword.of("type");
  private static final Keyword F = Keyword.of("f");
  private static final Keyword VALUE = Keyword.of("value");
  private static final Keyword TIME = Keyword.of("time");
  private static final Keyword INDEX = Keyword.of("index");
  private static final Keyword KEY = Keyword.of("key");
  private static final Keyword ERROR = Keyword.of("error");

  private HistoryEdn() {}

  /** Reads a history file (UTF-8). */
  public static History read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  /** Parses history text. */
  public static History parse(String text) throws EdnSyntaxException {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses UTF-8 history text. */
  public static History parse(byte[] utf8) throws EdnSyntaxException {
    EdnReader reader = new EdnReader(utf8);
    int openedAt = reader.position();
    char close = reader.openSequence();
    List<Op> ops = new ArrayList<>();
    while (!reader.closeSequence(close, openedAt)) {
      int at = reader.position();
      if (reader.openMap()) {
        ops.add(readOpMap(reader, ops.size(), at));
      } else {
        ops.add(toOp(reader.next(), ops.size(), reader, at));
      }
    }
    if (!reader.atEnd()) {
      throw reader.error("unexpected text after the history", reader.position());
    }
    return History.of(ops);
  }

  /** Writes a history as EDN, one operation map per line. */
  public static void write(History history, Writer out) throws IOException {
    EdnWriter.write(history, out);
  }

  /** Writes a history to a file (UTF-8). */
  public static void write(History history, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(history, w);
    }
  }

  /** An operation map read field by field, without building a map (the common, hot case). */
  private static Op readOpMap(EdnReader reader, int position, int at) throws EdnSyntaxException {
    Object process = null;
    Object type = null;
    Object f = null;
    Object value = null;
    Object time = null;
    Object index = null;
    Object key = null;
    Object error = null;
    int seen = 0;
    while (!reader.closeSequence('}', at)) {
      int keyAt = reader.position();
      Object k = reader.next();
      if (reader.closeSequence('}', at)) {
        throw reader.error("map key without a value", keyAt);
      }
      Object v = reader.next();
      int bit;
      if (k == PROCESS) {
        process = v;
        bit = 1;
      } else if (k == TYPE) {
        type = v;
        bit = 2;
      } else if (k == F) {
        f = v;
        bit = 4;
      } else if (k == VALUE) {
        value = v;
        bit = 8;
      } else if (k == TIME) {
        time = v;
        bit = 16;
      } else if (k == INDEX) {
        index = v;
        bit = 32;
      } else if (k == KEY) {
        key = v;
        bit = 64;
      } else if (k == ERROR) {
        error = v;
        bit = 128;
      } else {
        bit = 0;
      }
      if ((seen & bit) != 0) {
        throw reader.error("duplicate map key " + EdnWriter.write(k), keyAt);
      }
      seen |= bit;
    }
    if (process == null) {
      throw reader.error("operation without :process", at);
    }
    return new Op(index instanceof Long l ? l : position, process, type(type, reader, at),
        name(f, reader, at), value, time instanceof Long l ? l : -1, key, error);
  }

  private static Op toOp(Object form, int position, EdnReader reader, int at)
      throws EdnSyntaxException {
    if (form instanceof Map<?, ?> m) {
      Object process = m.get(PROCESS);
      if (process == null) {
        throw reader.error("operation without :process", at);
      }
      OpType type = type(m.get(TYPE), reader, at);
      String f = name(m.get(F), reader, at);
      long index = m.get(INDEX) instanceof Long l ? l : position;
      long time = m.get(TIME) instanceof Long l ? l : -1;
      return new Op(index, process, type, f, m.get(VALUE), time, m.get(KEY), m.get(ERROR));
    }
    if (form instanceof List<?> t) {
      if (t.size() != 4 || t.get(0) == null) {
        throw reader.error("operation tuple must be [process type f value]", at);
      }
      return new Op(position, t.get(0), type(t.get(1), reader, at), name(t.get(2), reader, at),
          t.get(3), -1, null, null);
    }
    throw reader.error("expected an operation map or [process type f value] tuple, found "
        + EdnWriter.write(form), at);
  }

  private static OpType type(Object t, EdnReader reader, int at) throws EdnSyntaxException {
    OpType type = t instanceof Keyword k ? OpType.fromKeywordName(k.name()) : null;
    if (type == null) {
      throw reader.error(":type must be :invoke, :ok, :fail or :info, found "
          + EdnWriter.write(t), at);
    }
    return type;
  }

  private static String name(Object f, EdnReader reader, int at) throws EdnSyntaxException {
    if (f instanceof Keyword k) {
      return k.name();
    }
    if (f instanceof String s) {
      return s;
    }
    throw reader.error("operation without :f (a keyword)", at);
  }
}
