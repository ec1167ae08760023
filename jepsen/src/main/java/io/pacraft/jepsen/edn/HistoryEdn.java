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
      Object form = reader.next();
      ops.add(toOp(form, ops.size(), reader, at));
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
