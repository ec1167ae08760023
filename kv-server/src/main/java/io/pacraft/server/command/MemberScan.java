package io.pacraft.server.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.key.KeyCommands;
import io.pacraft.server.glob.GlobPattern;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.MemberIterator;
import io.pacraft.server.storage.ScanCursors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HSCAN, SSCAN and ZSCAN: {@code key cursor [MATCH pattern] [COUNT count]} over a collection's
 * members in key order, streamed from RocksDB. A cursor stands for the last member returned (see
 * {@link ScanCursors}); an unknown cursor restarts the iteration, so elements may repeat but none
 * present for the whole iteration is missed.
 */
public final class MemberScan {
  private MemberScan() {}

  /** Adds the reply items for one member ({@code member}, and its value for hashes and zsets). */
  @FunctionalInterface
  public interface Emitter {
    void emit(byte[] member, byte[] value, List<RespValue> out);
  }

  /** The cursor argument (index 2), parsed before the key is looked up, as Redis does. */
  public static long cursor(CommandArgs a) {
    return KeyCommands.cursor(a.arg(2));
  }

  /** Answers the scan over {@code c} (null: the key does not exist). */
  public static RespValue scan(ScanCursors cursors, Collection c, CommandArgs a, long cursor, Emitter emitter) {
    if (c == null) {
      return RespValue.array(RespValue.bulk("0"), RespValue.EMPTY_ARRAY);
    }
    GlobPattern match = null;
    long count = 10;
    for (int i = 3; i < a.count(); i++) {
      if (i + 1 >= a.count()) {
        throw RedisErrors.syntax();
      }
      if (a.is(i, "match")) {
        byte[] p = a.arg(++i);
        match = p.length == 1 && p[0] == '*' ? null : GlobPattern.compile(p);
      } else if (a.is(i, "count")) {
        count = a.longArg(++i);
        if (count < 1) {
          throw RedisErrors.syntax();
        }
      } else {
        throw RedisErrors.syntax();
      }
    }
    byte[] from = cursors.position(cursor);
    List<RespValue> items = new ArrayList<>();
    byte[] last = null;
    boolean more;
    try (MemberIterator it = c.members()) {
      if (from == null) {
        it.first();
      } else {
        it.seek(from);
        if (it.valid() && Arrays.equals(it.suffix(), from)) {
          it.next();
        }
      }
      for (long examined = 0; it.valid() && examined < count; examined++, it.next()) {
        byte[] member = it.suffix();
        last = member;
        if (match == null || match.matches(member)) {
          emitter.emit(member, it.value(), items);
        }
      }
      more = it.valid();
    }
    long next = more && last != null ? cursors.save(last) : 0;
    return RespValue.array(RespValue.bulk(Long.toUnsignedString(next)), RespValue.array(items));
  }
}
