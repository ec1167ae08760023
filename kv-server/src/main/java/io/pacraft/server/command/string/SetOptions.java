package io.pacraft.server.command.string;

import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.Expiry;
import io.pacraft.server.command.RedisErrors;

/**
 * SET's options (Redis 8.4): {@code NX | XX | IFEQ v | IFNE v | IFDEQ d | IFDNE d}, {@code GET},
 * {@code EX s | PX ms | EXAT s | PXAT ms | KEEPTTL}. Each group at most once; anything else is a
 * syntax error.
 */
final class SetOptions {
  enum Condition {
    NONE,
    NX,
    XX,
    IFEQ,
    IFNE,
    IFDEQ,
    IFDNE
  }

  Condition condition = Condition.NONE;
  byte[] compareTo;
  String digest;
  boolean get;
  boolean keepTtl;
  Expiry.Unit unit;
  long expireValue;

  static SetOptions parse(CommandArgs args, int from) {
    SetOptions o = new SetOptions();
    for (int i = from; i < args.count(); i++) {
      String w = args.word(i);
      boolean hasNext = i + 1 < args.count();
      switch (w) {
        case "nx":
        case "xx":
          o.condition(w.equals("nx") ? Condition.NX : Condition.XX);
          break;
        case "ifeq":
        case "ifne":
        case "ifdeq":
        case "ifdne":
          if (!hasNext) {
            throw RedisErrors.syntax();
          }
          o.condition(Condition.valueOf(w.toUpperCase(java.util.Locale.ROOT)));
          i++;
          if (w.startsWith("ifd")) {
            o.digest = Digests.check(args.arg(i));
          } else {
            o.compareTo = args.arg(i);
          }
          break;
        case "get":
          if (o.get) {
            throw RedisErrors.syntax();
          }
          o.get = true;
          break;
        case "keepttl":
          if (o.keepTtl || o.unit != null) {
            throw RedisErrors.syntax();
          }
          o.keepTtl = true;
          break;
        case "ex":
        case "px":
        case "exat":
        case "pxat":
          if (o.keepTtl || o.unit != null || !hasNext) {
            throw RedisErrors.syntax();
          }
          o.unit =
              switch (w) {
                case "ex" -> Expiry.Unit.SECONDS;
                case "px" -> Expiry.Unit.MILLISECONDS;
                case "exat" -> Expiry.Unit.UNIX_SECONDS;
                default -> Expiry.Unit.UNIX_MILLISECONDS;
              };
          i++;
          o.expireValue = args.longArg(i);
          Expiry.check(o.expireValue, o.unit, "set", false);
          break;
        default:
          throw RedisErrors.syntax();
      }
    }
    return o;
  }

  private void condition(Condition c) {
    if (condition != Condition.NONE) {
      throw RedisErrors.syntax();
    }
    condition = c;
  }

  /** The absolute expiry at {@code now}: 0 for none (or KEEPTTL, resolved by the caller). */
  long expireAt(long now) {
    return unit == null ? 0 : Expiry.absolute(expireValue, unit, now, "set", false);
  }

  static CommandError invalid() {
    return new CommandError(RedisErrors.invalidExpire("set"));
  }
}
