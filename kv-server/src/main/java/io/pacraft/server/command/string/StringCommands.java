package io.pacraft.server.command.string;

import static io.pacraft.server.command.CommandFlag.DENYOOM;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.Expiry;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.LongDouble;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.storage.KeyType;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.Meta;
import io.pacraft.server.storage.WrongTypeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The string commands: parsing and replies here; the bytes live in the key's metadata record. */
public final class StringCommands {
  private StringCommands() {}

  /** Largest value a string may grow to (Redis' proto-max-bulk-len default). */
  static final long MAX_STRING = 512L * 1024 * 1024;

  public static List<CommandSpec> specs() {
    return List.of(
        str("get", 2, "Returns the string value of a key.", "1.0.0", StringCommands::get, READONLY, FAST),
        command("set", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .acl("string")
            .group("string")
            .since("1.0.0")
            .summary("Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.")
            .run(KeyspaceCommand.of(a -> SetOptions.parseSet(a, 3), StringCommands::set))
            .build(),
        str("setnx", 3, "Set the string value of a key only when the key doesn't exist.", "1.0.0", StringCommands::setnx, WRITE, DENYOOM, FAST),
        expiring("setex", Expiry.Unit.SECONDS, "Sets the string value and expiration time of a key. Creates the key if it doesn't exist.", "2.0.0"),
        expiring("psetex", Expiry.Unit.MILLISECONDS, "Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn't exist.", "2.6.0"),
        str("getset", 3, "Returns the previous string value of a key after setting it to a new value.", "1.0.0", StringCommands::getset, WRITE, DENYOOM, FAST),
        str("getdel", 2, "Returns the string value of a key after deleting the key.", "6.2.0", StringCommands::getdel, WRITE, FAST),
        command("getex", -2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .acl("string")
            .group("string")
            .since("6.2.0")
            .summary("Returns the string value of a key after setting its expiration time.")
            .run(KeyspaceCommand.of(SetOptions::parseGetEx, StringCommands::getex))
            .build(),
        command("mget", -2)
            .flags(READONLY, FAST)
            .keys(1, -1, 1)
            .acl("string")
            .group("string")
            .since("1.0.0")
            .complexity("O(N) where N is the number of keys to retrieve.")
            .summary("Atomically returns the string values of one or more keys.")
            .run((KeyspaceCommand) StringCommands::mget)
            .build(),
        command("mset", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 2)
            .acl("string")
            .group("string")
            .since("1.0.1")
            .complexity("O(N) where N is the number of keys to set.")
            .summary("Atomically creates or modifies the string values of one or more keys.")
            .run(KeyspaceCommand.of(a -> pairs(a, "mset"), StringCommands::mset))
            .build(),
        command("msetnx", -3)
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 2)
            .acl("string")
            .group("string")
            .since("1.0.1")
            .complexity("O(N) where N is the number of keys to set.")
            .summary("Atomically modifies the string values of one or more keys only when all keys don't exist.")
            .run(KeyspaceCommand.of(a -> pairs(a, "msetnx"), StringCommands::msetnx))
            .build(),
        str("append", 3, "Appends a string to the value of a key. Creates the key if it doesn't exist.", "2.0.0", StringCommands::append, WRITE, DENYOOM, FAST),
        str("strlen", 2, "Returns the length of a string value.", "2.2.0", StringCommands::strlen, READONLY, FAST),
        str("incr", 2, "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", "1.0.0", (ks, a) -> incrBy(ks, a.arg(1), 1), WRITE, DENYOOM, FAST),
        str("decr", 2, "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", "1.0.0", (ks, a) -> incrBy(ks, a.arg(1), -1), WRITE, DENYOOM, FAST),
        command("incrby", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .acl("string")
            .group("string")
            .since("1.0.0")
            .summary("Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.")
            .run(KeyspaceCommand.of(a -> a.longArg(2), (ks, a) -> incrBy(ks, a.arg(1), a.longArg(2))))
            .build(),
        command("decrby", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .acl("string")
            .group("string")
            .since("1.0.0")
            .summary("Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.")
            .run(KeyspaceCommand.of(StringCommands::decrement, (ks, a) -> incrBy(ks, a.arg(1), decrement(a))))
            .build(),
        command("incrbyfloat", 3)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .acl("string")
            .group("string")
            .since("2.6.0")
            .summary("Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn't exist.")
            .run((KeyspaceCommand) StringCommands::incrByFloat) // the key's type before the increment, as Redis checks them
            .build(),
        str("getrange", 4, "Returns a substring of the string stored at a key.", "2.4.0", StringCommands::getrange, READONLY),
        str("substr", 4, "Returns a substring from a string value.", "1.0.0", StringCommands::getrange, READONLY),
        command("setrange", 4)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .acl("string")
            .group("string")
            .since("2.2.0")
            .summary("Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.")
            .run(KeyspaceCommand.of(StringCommands::checkSetrange, StringCommands::setrange))
            .build(),
        command("lcs", -3)
            .flags(READONLY)
            .keys(1, 2, 1)
            .acl("string")
            .group("string")
            .since("7.0.0")
            .complexity("O(N*M) where N and M are the lengths of s1 and s2, respectively")
            .summary("Finds the longest common substring.")
            .run((KeyspaceCommand) Lcs::execute)
            .build(),
        str("digest", 2, "Returns the XXH3 hash digest of a string value as a hexadecimal string.", "8.4.0", StringCommands::digest, READONLY, FAST),
        command("delex", -2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .acl("string")
            .group("string")
            .since("8.4.0")
            .summary("Conditionally removes the specified key based on value or hash digest comparison.")
            .complexity("O(1) for IFEQ/IFNE, O(N) for IFDEQ/IFDNE where N is the length of the string value.")
            .run(KeyspaceCommand.of(StringCommands::delexCondition, StringCommands::delex))
            .build());
  }

  private static CommandSpec str(
      String name, int arity, String summary, String since, KeyspaceCommand run, io.pacraft.server.command.CommandFlag... flags) {
    return command(name, arity).flags(flags).keys(1, 1, 1).acl("string").group("string").since(since).summary(summary).run(run).build();
  }

  private static CommandSpec expiring(String name, Expiry.Unit unit, String summary, String since) {
    return command(name, 4)
        .flags(WRITE, DENYOOM)
        .keys(1, 1, 1)
        .acl("string")
        .group("string")
        .since(since)
        .summary(summary)
        .run(
            KeyspaceCommand.of(
                a -> Expiry.check(a.longArg(2), unit, name, false),
                (ks, a) -> {
                  long at = Expiry.absolute(a.longArg(2), unit, ks.now(), name, false);
                  put(ks, a.arg(1), a.arg(3), at);
                  return RespValue.OK;
                }))
        .build();
  }

  // ------------------------------------------------------------------ implementations

  static RespValue get(Keyspace ks, CommandArgs a) {
    byte[] v = ks.getString(a.arg(1));
    return v == null ? RespValue.NULL : RespValue.bulk(v);
  }

  /** Stores a string value (replacing any type), with events as Redis fires them. */
  static void put(Keyspace ks, byte[] key, byte[] value, long expireAt) {
    put(ks, key, value, expireAt, ks.meta(key), true);
  }

  /**
   * {@link #put(Keyspace, byte[], byte[], long)} when the caller has just read the key's live
   * metadata {@code old}; {@code expireEvent} false for a kept TTL (SET KEEPTTL fires "set" only).
   */
  private static void put(Keyspace ks, byte[] key, byte[] value, long expireAt, Meta old, boolean expireEvent) {
    if (expireAt != 0 && expireAt <= ks.now()) {
      // An expiry already past: the key is deleted, as Redis does for SET ... EXAT <past>.
      if (old != null) {
        ks.removeKey(key, old);
        ks.event(key, "del", 'g');
      }
      return;
    }
    ks.putMeta(key, old, Meta.of(KeyType.STRING, expireAt, ks.index(), value));
    ks.event(key, "set", '$');
    if (expireAt != 0 && expireEvent) {
      ks.event(key, "expire", 'g');
    }
  }

  static RespValue set(Keyspace ks, CommandArgs a) {
    SetOptions o = SetOptions.parseSet(a, 3);
    byte[] key = a.arg(1);
    Meta old = ks.meta(key);
    boolean isString = old != null && old.type() == KeyType.STRING;
    if (old != null && !isString && (o.get || o.compareTo != null || o.digest != null)) {
      throw new WrongTypeException();
    }
    byte[] oldValue = isString ? old.body() : null;
    boolean apply;
    switch (o.condition) {
      case NX:
        apply = old == null;
        break;
      case XX:
        apply = old != null;
        break;
      case IFEQ:
        apply = oldValue != null && Arrays.equals(oldValue, o.compareTo);
        break;
      case IFNE:
        apply = oldValue == null || !Arrays.equals(oldValue, o.compareTo);
        break;
      case IFDEQ:
        apply = oldValue != null && Digests.matches(oldValue, o.digest);
        break;
      case IFDNE:
        apply = oldValue == null || !Digests.matches(oldValue, o.digest);
        break;
      default:
        apply = true;
    }
    RespValue reply = o.get ? (oldValue == null ? RespValue.NULL : RespValue.bulk(oldValue)) : apply ? RespValue.OK : RespValue.NULL;
    if (!apply) {
      return reply;
    }
    long expireAt = o.keepTtl ? (old == null ? 0 : old.expireAt()) : o.expireAt(ks.now(), "set");
    put(ks, key, a.arg(2), expireAt, old, !o.keepTtl);
    return reply;
  }

  static RespValue setnx(Keyspace ks, CommandArgs a) {
    if (ks.meta(a.arg(1)) != null) {
      return RespValue.ZERO;
    }
    put(ks, a.arg(1), a.arg(2), 0);
    return RespValue.ONE;
  }

  static RespValue getset(Keyspace ks, CommandArgs a) {
    byte[] old = ks.getString(a.arg(1));
    put(ks, a.arg(1), a.arg(2), 0);
    return old == null ? RespValue.NULL : RespValue.bulk(old);
  }

  static RespValue getdel(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Meta m = ks.meta(key, KeyType.STRING);
    if (m == null) {
      return RespValue.NULL;
    }
    ks.removeKey(key, m);
    ks.event(key, "del", 'g');
    return RespValue.bulk(m.body());
  }

  static RespValue getex(Keyspace ks, CommandArgs a) {
    SetOptions o = SetOptions.parseGetEx(a);
    byte[] key = a.arg(1);
    Meta m = ks.meta(key, KeyType.STRING);
    if (m == null) {
      return RespValue.NULL;
    }
    byte[] value = m.body();
    if (o.persist) {
      if (m.hasExpiry()) {
        ks.setExpireAt(key, m, 0);
        ks.event(key, "persist", 'g');
      }
    } else if (o.unit != null) {
      o.checkExpire("getex");
      long at = o.expireAt(ks.now(), "getex");
      if (at <= ks.now()) {
        ks.removeKey(key, m);
        ks.event(key, "del", 'g');
      } else {
        ks.setExpireAt(key, m, at);
        ks.event(key, "expire", 'g');
      }
    }
    return RespValue.bulk(value);
  }

  static RespValue mget(Keyspace ks, CommandArgs a) {
    List<RespValue> out = new ArrayList<>(a.count() - 1);
    for (int i = 1; i < a.count(); i++) {
      Meta m = ks.meta(a.arg(i));
      out.add(m == null || m.type() != KeyType.STRING ? RespValue.NULL : RespValue.bulk(m.body()));
    }
    return RespValue.array(out);
  }

  private static void pairs(CommandArgs a, String name) {
    if (a.count() % 2 == 0) {
      throw new CommandError(RedisErrors.wrongArity(name));
    }
  }

  static RespValue mset(Keyspace ks, CommandArgs a) {
    pairs(a, "mset");
    for (int i = 1; i < a.count(); i += 2) {
      put(ks, a.arg(i), a.arg(i + 1), 0);
    }
    return RespValue.OK;
  }

  static RespValue msetnx(Keyspace ks, CommandArgs a) {
    pairs(a, "msetnx");
    for (int i = 1; i < a.count(); i += 2) {
      if (ks.meta(a.arg(i)) != null) {
        return RespValue.ZERO;
      }
    }
    for (int i = 1; i < a.count(); i += 2) {
      put(ks, a.arg(i), a.arg(i + 1), 0);
    }
    return RespValue.ONE;
  }

  static RespValue append(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Meta m = ks.meta(key, KeyType.STRING);
    byte[] add = a.arg(2);
    if (m == null) {
      ks.putMeta(key, null, Meta.of(KeyType.STRING, 0, ks.index(), add));
      ks.event(key, "append", '$');
      return RespValue.integer(add.length);
    }
    long len = (long) m.bodyLength() + add.length;
    if (len > MAX_STRING) {
      throw new CommandError(RedisErrors.STRING_TOO_LONG);
    }
    byte[] v = Arrays.copyOf(m.body(), (int) len);
    System.arraycopy(add, 0, v, m.bodyLength(), add.length);
    ks.putMeta(key, m, m.withBody(v, ks.index()));
    ks.event(key, "append", '$');
    return RespValue.integer(len);
  }

  static RespValue strlen(Keyspace ks, CommandArgs a) {
    Meta m = ks.meta(a.arg(1), KeyType.STRING);
    return RespValue.integer(m == null ? 0 : m.bodyLength());
  }

  private static long decrement(CommandArgs a) {
    long by = a.longArg(2);
    if (by == Long.MIN_VALUE) {
      throw new CommandError("ERR decrement would overflow");
    }
    return -by;
  }

  static RespValue incrBy(Keyspace ks, byte[] key, long by) {
    Meta m = ks.meta(key, KeyType.STRING);
    long current = 0;
    if (m != null) {
      Long v = CommandArgs.tryParseLong(m.body());
      if (v == null) {
        throw RedisErrors.notInteger();
      }
      current = v;
    }
    long next;
    try {
      next = Math.addExact(current, by);
    } catch (ArithmeticException e) {
      throw new CommandError(RedisErrors.OVERFLOW);
    }
    byte[] text = Long.toString(next).getBytes(StandardCharsets.US_ASCII);
    ks.putMeta(key, m, m == null ? Meta.of(KeyType.STRING, 0, ks.index(), text) : m.withBody(text, ks.index()));
    ks.event(key, "incrby", '$');
    return RespValue.integer(next);
  }

  /** INCRBYFLOAT in Redis' long double arithmetic, so the digits match Redis' (see {@link LongDouble}). */
  static RespValue incrByFloat(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Meta m = ks.meta(key, KeyType.STRING);
    byte[] text = LongDouble.add(m == null ? null : m.body(), RedisErrors.NOT_FLOAT, a.arg(2));
    ks.putMeta(key, m, m == null ? Meta.of(KeyType.STRING, 0, ks.index(), text) : m.withBody(text, ks.index()));
    ks.event(key, "incrbyfloat", '$');
    return RespValue.bulk(text);
  }

  static RespValue getrange(Keyspace ks, CommandArgs a) {
    long start = a.longArg(2);
    long end = a.longArg(3);
    Meta m = ks.meta(a.arg(1), KeyType.STRING);
    if (m == null) {
      return RespValue.bulk(new byte[0]);
    }
    long len = m.bodyLength();
    if (start < 0 && end < 0 && start > end) {
      return RespValue.bulk(new byte[0]);
    }
    if (start < 0) {
      start = len + start;
    }
    if (end < 0) {
      end = len + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (end < 0) {
      end = 0;
    }
    if (end >= len) {
      end = len - 1;
    }
    if (start > end || len == 0) {
      return RespValue.bulk(new byte[0]);
    }
    return RespValue.bulk(Arrays.copyOfRange(m.raw(), Meta.HEADER + (int) start, Meta.HEADER + (int) end + 1));
  }

  private static void checkSetrange(CommandArgs a) {
    long offset = a.longArg(2);
    if (offset < 0) {
      throw new CommandError(RedisErrors.OFFSET_OUT_OF_RANGE);
    }
  }

  /** After the key's type and the empty-value answer, as Redis checks them. */
  private static void checkSetrangeLength(CommandArgs a) {
    if (a.longArg(2) + a.arg(3).length > MAX_STRING) {
      throw new CommandError(RedisErrors.STRING_TOO_LONG);
    }
  }

  static RespValue setrange(Keyspace ks, CommandArgs a) {
    checkSetrange(a);
    byte[] key = a.arg(1);
    int offset = (int) a.longArg(2);
    byte[] add = a.arg(3);
    Meta m = ks.meta(key, KeyType.STRING);
    if (m == null) {
      if (add.length == 0) {
        return RespValue.ZERO;
      }
      checkSetrangeLength(a);
      byte[] v = new byte[offset + add.length];
      System.arraycopy(add, 0, v, offset, add.length);
      ks.putMeta(key, null, Meta.of(KeyType.STRING, 0, ks.index(), v));
      ks.event(key, "setrange", '$');
      return RespValue.integer(v.length);
    }
    if (add.length == 0) {
      return RespValue.integer(m.bodyLength());
    }
    checkSetrangeLength(a);
    byte[] v = Arrays.copyOf(m.body(), Math.max(m.bodyLength(), offset + add.length));
    System.arraycopy(add, 0, v, offset, add.length);
    ks.putMeta(key, m, m.withBody(v, ks.index()));
    ks.event(key, "setrange", '$');
    return RespValue.integer(v.length);
  }

  static RespValue digest(Keyspace ks, CommandArgs a) {
    byte[] v = ks.getString(a.arg(1));
    return v == null ? RespValue.NULL : RespValue.bulk(Digests.digest(v));
  }

  private static void delexCondition(CommandArgs a) {
    if (a.count() == 2) {
      return;
    }
    if (a.count() != 4) {
      throw RedisErrors.syntax();
    }
    switch (a.word(2)) {
      case "ifeq":
      case "ifne":
        return;
      case "ifdeq":
      case "ifdne":
        Digests.check(a.arg(3));
        return;
      default:
        throw RedisErrors.syntax();
    }
  }

  static RespValue delex(Keyspace ks, CommandArgs a) {
    delexCondition(a);
    byte[] key = a.arg(1);
    Meta m = ks.meta(key);
    if (m == null) {
      return RespValue.ZERO;
    }
    if (a.count() == 4) {
      if (m.type() != KeyType.STRING) {
        throw new WrongTypeException();
      }
      byte[] v = m.body();
      boolean match;
      switch (a.word(2)) {
        case "ifeq":
          match = Arrays.equals(v, a.arg(3));
          break;
        case "ifne":
          match = !Arrays.equals(v, a.arg(3));
          break;
        case "ifdeq":
          match = Digests.matches(v, Digests.check(a.arg(3)));
          break;
        default:
          match = !Digests.matches(v, Digests.check(a.arg(3)));
      }
      if (!match) {
        return RespValue.ZERO;
      }
    }
    ks.removeKey(key, m);
    ks.event(key, "del", 'g');
    return RespValue.ONE;
  }
}
