package io.pacraft.server.command.string;

import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.Expiry;
import io.pacraft.server.command.RedisErrors;

/**
 * The options of SET (Redis 8.4): {@code NX | XX | IFEQ v | IFNE v | IFDEQ d | IFDNE d}, {@code
 * GET}, {@code EX s | PX ms | EXAT s | PXAT ms | KEEPTTL}; and of GETEX: {@code EX | PX | EXAT |
 * PXAT | PERSIST}. Parsed as Redis' parseExtendedStringArgumentsOrReply does: an option may be
 * repeated (the last value counts), options that conflict are a syntax error, and the expire time
 * is checked only after every option has been read.
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
  boolean persist;
  Expiry.Unit unit;
  long expireValue;
  private byte[] expireArg;

  /** SET's options from argument {@code from} on. */
  static SetOptions parseSet(CommandArgs args, int from) {
    return parse(args, from, true);
  }

  /** GETEX's options from argument 2 on. */
  static SetOptions parseGetEx(CommandArgs args) {
    return parse(args, 2, false);
  }

  private static SetOptions parse(CommandArgs args, int from, boolean set) {
    SetOptions o = new SetOptions();
    byte[] expireArg = null;
    byte[] digestArg = null;
    for (int i = from; i < args.count(); i++) {
      String w = args.word(i);
      boolean hasNext = i + 1 < args.count();
      Condition c = set ? condition(w) : null;
      Expiry.Unit u = unit(w);
      if (c == Condition.NX || c == Condition.XX) {
        o.condition(c);
      } else if (c != null && hasNext) {
        o.condition(c);
        i++;
        if (c == Condition.IFDEQ || c == Condition.IFDNE) {
          digestArg = args.arg(i);
        } else {
          o.compareTo = args.arg(i);
        }
      } else if (set && w.equals("get")) {
        o.get = true;
      } else if (set && w.equals("keepttl") && o.unit == null) {
        o.keepTtl = true;
      } else if (!set && w.equals("persist") && o.unit == null) {
        o.persist = true;
      } else if (u != null && hasNext && !o.keepTtl && !o.persist && (o.unit == null || o.unit == u)) {
        o.unit = u;
        expireArg = args.arg(++i);
      } else {
        throw RedisErrors.syntax();
      }
    }
    if (digestArg != null) {
      o.digest = Digests.check(digestArg);
    }
    o.expireArg = expireArg;
    if (expireArg != null && set) {
      o.checkExpire("set");
    }
    return o;
  }

  /**
   * Parses and checks the expire value. SET does it while parsing; GETEX only once it knows the key
   * holds a string, as Redis does (a missing key answers nil whatever the value).
   */
  void checkExpire(String command) {
    expireValue = CommandArgs.parseLong(expireArg);
    Expiry.check(expireValue, unit, command, false);
  }

  private static Condition condition(String w) {
    switch (w) {
      case "nx":
        return Condition.NX;
      case "xx":
        return Condition.XX;
      case "ifeq":
        return Condition.IFEQ;
      case "ifne":
        return Condition.IFNE;
      case "ifdeq":
        return Condition.IFDEQ;
      case "ifdne":
        return Condition.IFDNE;
      default:
        return null;
    }
  }

  private static Expiry.Unit unit(String w) {
    switch (w) {
      case "ex":
        return Expiry.Unit.SECONDS;
      case "px":
        return Expiry.Unit.MILLISECONDS;
      case "exat":
        return Expiry.Unit.UNIX_SECONDS;
      case "pxat":
        return Expiry.Unit.UNIX_MILLISECONDS;
      default:
        return null;
    }
  }

  /** At most one kind of condition; the same one again replaces its value. */
  private void condition(Condition c) {
    if (condition != Condition.NONE && condition != c) {
      throw RedisErrors.syntax();
    }
    condition = c;
  }

  /** The absolute expiry at {@code now}: 0 for none (or KEEPTTL, resolved by the caller). */
  long expireAt(long now, String command) {
    return unit == null ? 0 : Expiry.absolute(expireValue, unit, now, command, false);
  }
}
