package io.pacraft.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A reply a server sends, as RESP3 types. The encoder writes each for the connection's protocol
 * version, downgrading RESP3-only types for RESP2 clients (see {@code RespEncoder}).
 */
public sealed interface RespValue {

  /** {@code +text}: a status reply. */
  record Simple(String text) implements RespValue {
    public Simple {
      Objects.requireNonNull(text);
    }
  }

  /**
   * {@code -PREFIX message}: an error reply; {@code message} holds the whole line including its
   * prefix ({@code ERR ...}, {@code WRONGTYPE ...}).
   */
  record Error(String message) implements RespValue {
    public Error {
      Objects.requireNonNull(message);
    }

    /** The first word: {@code ERR}, {@code WRONGTYPE}, {@code MOVED}... */
    public String prefix() {
      int sp = message.indexOf(' ');
      return sp < 0 ? message : message.substring(0, sp);
    }
  }

  /** {@code :n}. */
  record Int(long value) implements RespValue {}

  /** {@code $len bytes}: binary-safe string. */
  record Bulk(byte[] bytes) implements RespValue {
    public Bulk {
      Objects.requireNonNull(bytes);
    }

    public String utf8() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bulk b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Bulk[" + utf8() + "]";
    }
  }

  /** RESP3 {@code _}; RESP2 {@code $-1} (null bulk) or {@code *-1} when {@code array}. */
  record Null(boolean array) implements RespValue {}

  /** {@code *n ...}. */
  record Array(List<RespValue> items) implements RespValue {
    public Array {
      Objects.requireNonNull(items);
    }
  }

  /** RESP3 {@code %n k v ...}; RESP2 a flat array of 2n items. */
  record Map(List<RespValue> keysAndValues) implements RespValue {
    public Map {
      if (keysAndValues.size() % 2 != 0) {
        throw new IllegalArgumentException("map needs key, value pairs");
      }
    }

    public int size() {
      return keysAndValues.size() / 2;
    }
  }

  /**
   * A list of pairs ({@code items} holds them flat: a1, b1, a2, b2...): RESP3 an array of
   * two-element arrays, RESP2 one flat array, as Redis answers ZRANGE ... WITHSCORES and
   * HRANDFIELD ... WITHVALUES.
   */
  record Pairs(List<RespValue> items) implements RespValue {
    public Pairs {
      if (items.size() % 2 != 0) {
        throw new IllegalArgumentException("pairs need an even number of items");
      }
    }
  }

  /** RESP3 {@code ~n ...}; RESP2 an array. */
  record Set(List<RespValue> items) implements RespValue {}

  /** RESP3 {@code ,d}; RESP2 a bulk string (inf, -inf, nan, or the shortest exact decimal). */
  record Double(double value) implements RespValue {}

  /** RESP3 {@code #t}/{@code #f}; RESP2 {@code :1}/{@code :0}. */
  record Bool(boolean value) implements RespValue {}

  /** RESP3 {@code (digits}; RESP2 a bulk string. */
  record BigNumber(String digits) implements RespValue {}

  /** RESP3 {@code =len fmt:text}; RESP2 a bulk string of the text. */
  record Verbatim(String format, byte[] text) implements RespValue {
    public Verbatim {
      if (format.length() != 3) {
        throw new IllegalArgumentException("verbatim format is 3 characters: " + format);
      }
    }
  }

  /** RESP3 {@code >n ...} out-of-band message; RESP2 an array. */
  record Push(List<RespValue> items) implements RespValue {}

  /** RESP3 {@code |n k v ...} attributes preceding {@code value}; RESP2 only the value. */
  record Attribute(List<RespValue> keysAndValues, RespValue value) implements RespValue {}

  // -- common replies, shared to avoid allocation on hot paths --
  Simple OK = new Simple("OK");
  Simple PONG = new Simple("PONG");
  Simple QUEUED = new Simple("QUEUED");
  Null NULL = new Null(false);
  Null NULL_ARRAY = new Null(true);
  Int ZERO = new Int(0);
  Int ONE = new Int(1);
  Array EMPTY_ARRAY = new Array(List.of());

  static Bulk bulk(String s) {
    return new Bulk(s.getBytes(StandardCharsets.UTF_8));
  }

  static Bulk bulk(byte[] b) {
    return new Bulk(b);
  }

  static Int integer(long v) {
    return v == 0 ? ZERO : v == 1 ? ONE : new Int(v);
  }

  static Error error(String message) {
    return new Error(message);
  }

  static Array array(List<RespValue> items) {
    return new Array(items);
  }

  static Array array(RespValue... items) {
    return new Array(List.of(items));
  }
}
