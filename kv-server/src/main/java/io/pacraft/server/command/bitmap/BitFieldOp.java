package io.pacraft.server.command.bitmap;

import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.RedisErrors;
import java.util.ArrayList;
import java.util.List;

/** One BITFIELD operation (GET, SET or INCRBY) with the OVERFLOW mode in force when it was given. */
record BitFieldOp(Kind kind, boolean signed, int bits, long offset, long value, Overflow overflow) {
  enum Kind {
    GET,
    SET,
    INCRBY
  }

  enum Overflow {
    WRAP,
    SAT,
    FAIL
  }

  static final String BAD_TYPE = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

  /** Parses BITFIELD's operations; {@code readOnly} (BITFIELD_RO) accepts GET only. */
  static List<BitFieldOp> parse(CommandArgs a, boolean readOnly) {
    List<BitFieldOp> ops = new ArrayList<>();
    Overflow overflow = Overflow.WRAP;
    for (int i = 2; i < a.count(); i++) {
      int left = a.count() - i - 1;
      String w = a.word(i);
      Kind kind;
      if (w.equals("get") && left >= 2) {
        kind = Kind.GET;
      } else if (w.equals("set") && left >= 3) {
        kind = Kind.SET;
      } else if (w.equals("incrby") && left >= 3) {
        kind = Kind.INCRBY;
      } else if (w.equals("overflow") && left >= 1) {
        String mode = a.word(++i);
        overflow =
            switch (mode) {
              case "wrap" -> Overflow.WRAP;
              case "sat" -> Overflow.SAT;
              case "fail" -> Overflow.FAIL;
              default -> throw new CommandError("ERR Invalid OVERFLOW type specified");
            };
        continue;
      } else {
        throw RedisErrors.syntax();
      }
      String type = a.string(i + 1);
      boolean signed;
      int bits;
      if (type.length() < 2 || (type.charAt(0) != 'i' && type.charAt(0) != 'u')) {
        throw new CommandError(BAD_TYPE);
      }
      signed = type.charAt(0) == 'i';
      Long b = CommandArgs.tryParseLong(type.substring(1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (b == null || b < 1 || signed && b > 64 || !signed && b > 63) {
        throw new CommandError(BAD_TYPE);
      }
      bits = b.intValue();
      long offset = offset(a.arg(i + 2), bits);
      long value = 0;
      if (kind != Kind.GET) {
        value = a.longArg(i + 3);
      }
      if (readOnly && kind != Kind.GET) {
        throw new CommandError("ERR BITFIELD_RO only supports the GET subcommand");
      }
      ops.add(new BitFieldOp(kind, signed, bits, offset, value, overflow));
      i += kind == Kind.GET ? 2 : 3;
    }
    return ops;
  }

  /** A bit offset, or {@code #n} meaning n times the type's width. */
  static long offset(byte[] arg, int bits) {
    boolean hash = arg.length > 0 && arg[0] == '#';
    Long v = CommandArgs.tryParseLong(hash ? java.util.Arrays.copyOfRange(arg, 1, arg.length) : arg);
    if (v == null) {
      throw new CommandError(BitmapCommands.BAD_OFFSET);
    }
    long off = v;
    if (hash) {
      try {
        off = Math.multiplyExact(off, bits);
      } catch (ArithmeticException e) {
        throw new CommandError(BitmapCommands.BAD_OFFSET);
      }
    }
    if (off < 0 || (off >> 3) >= BitmapCommands.MAX_BYTES) {
      throw new CommandError(BitmapCommands.BAD_OFFSET);
    }
    return off;
  }

  /** Redis' overflow rule for a {@code bits}-bit field: the result, or null for FAIL on overflow. */
  Long add(long current, long incr) {
    if (signed) {
      long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
      long min = -max - 1;
      long maxincr = max - current;
      long minincr = min - current;
      boolean up = current > max || bits != 64 && incr > maxincr || current >= 0 && incr > 0 && incr > maxincr;
      boolean down = !up && (current < min || bits != 64 && incr < minincr || current < 0 && incr < 0 && incr < minincr);
      if (!up && !down) {
        return current + incr;
      }
      return switch (overflow) {
        case FAIL -> null;
        case SAT -> up ? max : min;
        case WRAP -> {
          long c = current + incr;
          if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
          }
          yield c;
        }
      };
    }
    long max = (1L << bits) - 1;
    boolean up = Long.compareUnsigned(current, max) > 0 || incr > 0 && incr > max - current;
    boolean down = !up && incr < 0 && incr < -current;
    if (!up && !down) {
      return current + incr;
    }
    return switch (overflow) {
      case FAIL -> null;
      case SAT -> up ? max : 0L;
      case WRAP -> (current + incr) & ~(-1L << bits);
    };
  }
}
