package io.pacraft.server.config;

/**
 * notify-keyspace-events classes with Redis' letters: K keyspace, E keyevent, g generic, $ string,
 * l list, s set, h hash, z zset, x expired, e evicted, t stream, d module, m key-miss, n new key, A
 * alias for g$lshzxetd.
 */
public final class KeyspaceEventFlags {
  private KeyspaceEventFlags() {}

  public static final int KEYSPACE = 1;
  public static final int KEYEVENT = 1 << 1;
  public static final int GENERIC = 1 << 2;
  public static final int STRING = 1 << 3;
  public static final int LIST = 1 << 4;
  public static final int SET = 1 << 5;
  public static final int HASH = 1 << 6;
  public static final int ZSET = 1 << 7;
  public static final int EXPIRED = 1 << 8;
  public static final int EVICTED = 1 << 9;
  public static final int STREAM = 1 << 10;
  public static final int KEY_MISS = 1 << 11;
  public static final int MODULE = 1 << 12;
  public static final int NEW = 1 << 13;
  public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

  /** Parses Redis' letters; IllegalArgumentException on an unknown one. */
  public static int parse(String s) {
    int flags = 0;
    for (int i = 0; i < s.length(); i++) {
      flags |= flag(s.charAt(i));
    }
    return flags;
  }

  /** The bit for one class letter (also the letters {@code KeyEvent.typeClass} uses). */
  public static int flag(char c) {
    switch (c) {
      case 'A':
        return ALL;
      case 'g':
        return GENERIC;
      case '$':
        return STRING;
      case 'l':
        return LIST;
      case 's':
        return SET;
      case 'h':
        return HASH;
      case 'z':
        return ZSET;
      case 'x':
        return EXPIRED;
      case 'e':
        return EVICTED;
      case 'K':
        return KEYSPACE;
      case 'E':
        return KEYEVENT;
      case 't':
        return STREAM;
      case 'm':
        return KEY_MISS;
      case 'd':
        return MODULE;
      case 'n':
        return NEW;
      default:
        throw new IllegalArgumentException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    }
  }

  /** Redis' canonical spelling of a flag set (keyspaceEventsFlagsToString). */
  public static String format(int flags) {
    StringBuilder sb = new StringBuilder();
    if ((flags & ALL) == ALL) {
      sb.append('A');
    } else {
      if ((flags & GENERIC) != 0) sb.append('g');
      if ((flags & STRING) != 0) sb.append('$');
      if ((flags & LIST) != 0) sb.append('l');
      if ((flags & SET) != 0) sb.append('s');
      if ((flags & HASH) != 0) sb.append('h');
      if ((flags & ZSET) != 0) sb.append('z');
      if ((flags & EXPIRED) != 0) sb.append('x');
      if ((flags & EVICTED) != 0) sb.append('e');
      if ((flags & STREAM) != 0) sb.append('t');
      if ((flags & MODULE) != 0) sb.append('d');
    }
    if ((flags & KEYSPACE) != 0) sb.append('K');
    if ((flags & KEYEVENT) != 0) sb.append('E');
    if ((flags & KEY_MISS) != 0) sb.append('m');
    if ((flags & NEW) != 0) sb.append('n');
    return sb.toString();
  }

  public static String normalise(String s) {
    return format(parse(s));
  }
}
