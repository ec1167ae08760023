package io.pacraft.server.command.bitmap;

import static io.pacraft.server.command.CommandFlag.DENYOOM;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.storage.KeyType;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.Meta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bitmap commands. As in Redis, a bitmap is a string value (TYPE says string, GET returns its
 * bytes); bit 0 is the most significant bit of the first byte.
 */
public final class BitmapCommands {
  private BitmapCommands() {}

  /** Largest string a bit operation may grow (proto-max-bulk-len's default). */
  static final long MAX_BYTES = 512L * 1024 * 1024;

  static final String BAD_OFFSET = "ERR bit offset is not an integer or out of range";

  public static List<CommandSpec> specs() {
    return List.of(
        bitmap("setbit", 4, "2.2.0", "Sets or clears the bit at offset in the string value stored at key.", "O(1)")
            .flags(WRITE, DENYOOM)
            .run(KeyspaceCommand.of(BitmapCommands::checkSetbit, BitmapCommands::setbit))
            .build(),
        bitmap("getbit", 3, "2.2.0", "Returns the bit value at offset in the string value stored at key.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) BitmapCommands::getbit)
            .build(),
        bitmap("bitcount", -2, "2.6.0", "Count set bits in a string.", "O(N)")
            .flags(READONLY)
            .run((KeyspaceCommand) BitmapCommands::bitcount)
            .build(),
        bitmap("bitpos", -3, "2.8.7", "Find first bit set or clear in a string.", "O(N)")
            .flags(READONLY)
            .run((KeyspaceCommand) BitmapCommands::bitpos)
            .build(),
        bitmap("bitop", -4, "2.6.0", "Perform bitwise operations between strings.", "O(N)")
            .flags(WRITE, DENYOOM)
            .keys(2, -1, 1)
            .run(KeyspaceCommand.of(BitmapCommands::bitopKind, BitmapCommands::bitop))
            .build(),
        bitmap("bitfield", -2, "3.2.0", "Perform arbitrary bitfield integer operations on strings.", "O(1) for each subcommand specified")
            .flags(WRITE, DENYOOM)
            .run(KeyspaceCommand.of(a -> BitFieldOp.parse(a, false), (ks, a) -> bitfield(ks, a, false)))
            .build(),
        bitmap("bitfield_ro", -2, "6.0.0", "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD.",
                "O(1) for each subcommand specified")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) (ks, a) -> bitfield(ks, a, true))
            .build());
  }

  private static CommandSpec.Builder bitmap(String name, int arity, String since, String summary, String complexity) {
    return command(name, arity).keys(1, 1, 1).acl("bitmap").group("bitmap").since(since).summary(summary).complexity(complexity);
  }

  /** A SETBIT/GETBIT offset: 0 ≤ offset &lt; 2^32. */
  static long bitOffset(CommandArgs a, int i) {
    Long v = CommandArgs.tryParseLong(a.arg(i));
    if (v == null || v < 0 || (v >> 3) >= MAX_BYTES) {
      throw new CommandError(BAD_OFFSET);
    }
    return v;
  }

  private static int checkSetbit(CommandArgs a) {
    bitOffset(a, 2);
    byte[] b = a.arg(3);
    if (b.length != 1 || b[0] != '0' && b[0] != '1') {
      throw new CommandError("ERR bit is not an integer or out of range");
    }
    return b[0] - '0';
  }

  /** The string at {@code key}, or null; WRONGTYPE for another type. */
  private static Meta string(Keyspace ks, byte[] key) {
    return ks.meta(key, KeyType.STRING);
  }

  /** Stores {@code value} at {@code key} keeping its expiry. */
  private static void store(Keyspace ks, byte[] key, Meta old, byte[] value) {
    ks.putMeta(key, old, old == null ? Meta.of(KeyType.STRING, 0, ks.index(), value) : old.withBody(value, ks.index()));
  }

  static RespValue setbit(Keyspace ks, CommandArgs a) {
    int bit = checkSetbit(a);
    long offset = bitOffset(a, 2);
    byte[] key = a.arg(1);
    Meta m = string(ks, key);
    byte[] v = m == null ? new byte[0] : m.body();
    int needed = (int) (offset >>> 3) + 1;
    boolean grown = v.length < needed;
    if (grown) {
      v = Arrays.copyOf(v, needed);
    }
    int old = Bits.get(v, offset);
    if (m != null && !grown && old == bit) {
      return RespValue.integer(old); // nothing changes: as in Redis, no write, no event, WATCH unaffected
    }
    Bits.set(v, offset, bit);
    store(ks, key, m, v);
    ks.event(key, "setbit", '$');
    return RespValue.integer(old);
  }

  static RespValue getbit(Keyspace ks, CommandArgs a) {
    long offset = bitOffset(a, 2);
    Meta m = string(ks, a.arg(1));
    if (m == null) {
      return RespValue.ZERO;
    }
    long byteIndex = offset >>> 3;
    if (byteIndex >= m.bodyLength()) {
      return RespValue.ZERO;
    }
    return RespValue.integer((m.raw()[Meta.HEADER + (int) byteIndex] >> (7 - (int) (offset & 7))) & 1);
  }

  /** BYTE (false) or BIT (true) at argument {@code i}, else a syntax error. */
  private static boolean unit(CommandArgs a, int i) {
    if (a.is(i, "byte")) {
      return false;
    }
    if (a.is(i, "bit")) {
      return true;
    }
    throw RedisErrors.syntax();
  }

  static RespValue bitcount(Keyspace ks, CommandArgs a) {
    long start = 0;
    long end = -1;
    boolean bitUnit = false;
    boolean ranged = false;
    if (a.count() == 4 || a.count() == 5) {
      start = a.longArg(2);
      end = a.longArg(3);
      if (a.count() == 5) {
        bitUnit = unit(a, 4);
      }
      ranged = true;
    } else if (a.count() != 2) {
      throw RedisErrors.syntax();
    }
    Meta m = string(ks, a.arg(1));
    if (m == null) {
      return RespValue.ZERO;
    }
    byte[] v = m.body();
    if (ranged && start < 0 && end < 0 && start > end) {
      return RespValue.ZERO;
    }
    long[] bits = bitRange(start, end, v.length, bitUnit);
    return RespValue.integer(bits == null ? 0 : Bits.count(v, bits[0], bits[1]));
  }

  static RespValue bitpos(Keyspace ks, CommandArgs a) {
    long bit = a.longArg(2);
    if (bit != 0 && bit != 1) {
      throw new CommandError("ERR The bit argument must be 1 or 0.");
    }
    long start = 0;
    long end = -1;
    boolean endGiven = false;
    boolean bitUnit = false;
    if (a.count() >= 4 && a.count() <= 6) {
      start = a.longArg(3);
      if (a.count() == 6) {
        bitUnit = unit(a, 5);
      }
      if (a.count() >= 5) {
        end = a.longArg(4);
        endGiven = true;
      }
    } else if (a.count() != 3) {
      throw RedisErrors.syntax();
    }
    Meta m = string(ks, a.arg(1));
    if (m == null) {
      return RespValue.integer(bit == 1 ? -1 : 0);
    }
    byte[] v = m.body();
    long[] bits = bitRange(start, end, v.length, bitUnit);
    if (bits == null) {
      return RespValue.integer(-1);
    }
    long pos = Bits.find(v, (int) bit, bits[0], bits[1]);
    if (pos < 0 && bit == 0 && !endGiven) {
      // Looking for a clear bit past the end of the value: the string is padded with zeros.
      return RespValue.integer(bits[1] + 1);
    }
    return RespValue.integer(pos);
  }

  /**
   * BITCOUNT's and BITPOS's range (bytes, or bits with BIT) in a value of {@code length} bytes, as
   * inclusive bit positions {first, last}, or null when empty.
   */
  private static long[] bitRange(long start, long end, int length, boolean bitUnit) {
    long total = bitUnit ? (long) length * 8 : length;
    if (start < 0) {
      start = total + start;
    }
    if (end < 0) {
      end = total + end;
    }
    start = Math.max(start, 0);
    end = Math.min(Math.max(end, 0), total - 1);
    if (start > end) {
      return null;
    }
    return bitUnit ? new long[] {start, end} : new long[] {start * 8, end * 8 + 7};
  }

  private static String bitopKind(CommandArgs a) {
    String op = a.word(1);
    switch (op) {
      case "and", "or", "xor":
        return op;
      case "not":
        if (a.count() != 4) {
          throw new CommandError("ERR BITOP NOT must be called with a single source key.");
        }
        return op;
      default:
        throw RedisErrors.syntax();
    }
  }

  static RespValue bitop(Keyspace ks, CommandArgs a) {
    String op = bitopKind(a);
    byte[] dst = a.arg(2);
    List<byte[]> sources = new ArrayList<>();
    int max = 0;
    for (int i = 3; i < a.count(); i++) {
      Meta m = string(ks, a.arg(i));
      byte[] v = m == null ? new byte[0] : m.body();
      sources.add(v);
      max = Math.max(max, v.length);
    }
    if (max == 0) {
      if (ks.delete(dst)) {
        ks.event(dst, "del", 'g');
      }
      return RespValue.ZERO;
    }
    byte[] out = new byte[max];
    for (int j = 0; j < max; j++) {
      int acc = byteAt(sources.get(0), j);
      if (op.equals("not")) {
        acc = ~acc & 0xFF;
      }
      for (int s = 1; s < sources.size(); s++) {
        int b = byteAt(sources.get(s), j);
        acc = switch (op) {
          case "and" -> acc & b;
          case "or" -> acc | b;
          default -> acc ^ b;
        };
      }
      out[j] = (byte) acc;
    }
    Meta old = ks.meta(dst);
    ks.putMeta(dst, old, Meta.of(KeyType.STRING, 0, ks.index(), out));
    ks.event(dst, "set", '$');
    return RespValue.integer(max);
  }

  private static int byteAt(byte[] v, int j) {
    return j < v.length ? v[j] & 0xFF : 0;
  }

  static RespValue bitfield(Keyspace ks, CommandArgs a, boolean readOnly) {
    List<BitFieldOp> ops = BitFieldOp.parse(a, readOnly);
    byte[] key = a.arg(1);
    Meta m = string(ks, key);
    boolean writes = false;
    long needed = 0;
    for (BitFieldOp op : ops) {
      if (op.kind() != BitFieldOp.Kind.GET) {
        writes = true;
        needed = Math.max(needed, ((op.offset() + op.bits() - 1) >>> 3) + 1);
      }
    }
    byte[] v = m == null ? new byte[0] : m.body();
    // Redis makes room for every write before running any: the string is created or grown even
    // when each write then fails its OVERFLOW FAIL check
    boolean grown = writes && v.length < needed;
    if (grown) {
      v = Arrays.copyOf(v, (int) needed);
    }
    boolean changed = false;
    List<RespValue> out = new ArrayList<>(ops.size());
    for (BitFieldOp op : ops) {
      long current = op.signed() ? Bits.getSigned(v, op.offset(), op.bits()) : Bits.getUnsigned(v, op.offset(), op.bits());
      switch (op.kind()) {
        case GET -> out.add(RespValue.integer(current));
        case SET -> {
          Long next = op.add(op.value(), 0);
          if (next == null) {
            out.add(RespValue.NULL);
          } else {
            Bits.setInteger(v, op.offset(), op.bits(), next);
            changed |= grown || next != current; // Redis counts a change only when something changed
            out.add(RespValue.integer(current));
          }
        }
        case INCRBY -> {
          Long next = op.add(current, op.value());
          if (next == null) {
            out.add(RespValue.NULL);
          } else {
            Bits.setInteger(v, op.offset(), op.bits(), next);
            changed |= grown || next != current;
            out.add(RespValue.integer(next));
          }
        }
      }
    }
    if (changed || grown) {
      store(ks, key, m, v);
    }
    if (changed) {
      ks.event(key, "setbit", '$');
    }
    return RespValue.array(out);
  }
}
