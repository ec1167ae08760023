package io.pacraft.server.command.key;

import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandHelp;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.Expiry;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.cluster.SlotHash;
import io.pacraft.server.glob.GlobPattern;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.CollectionHeader;
import io.pacraft.server.storage.KeyType;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.Meta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksIterator;

/** Generic keyspace commands: existence, deletion, renaming, expiry, iteration. */
public final class KeyCommands {
  private KeyCommands() {}

  public static List<CommandSpec> specs() {
    return List.of(
        generic("del", -2, 1, -1, "Deletes one or more keys.", "1.0.0", KeyCommands::del, WRITE),
        generic("unlink", -2, 1, -1, "Asynchronously deletes one or more keys.", "4.0.0", KeyCommands::del, WRITE, FAST),
        generic("exists", -2, 1, -1, "Determines whether one or more keys exist.", "1.0.0", KeyCommands::exists, READONLY, FAST),
        generic("type", 2, 1, 1, "Determines the type of value stored at a key.", "1.0.0", KeyCommands::type, READONLY, FAST),
        generic("touch", -2, 1, -1, "Returns the number of existing keys out of those specified after updating the time they were last accessed.", "3.2.1", KeyCommands::exists, READONLY, FAST),
        generic("rename", 3, 1, 2, "Renames a key and overwrites the destination.", "1.0.0", (ks, a) -> rename(ks, a, false), WRITE),
        generic("renamenx", 3, 1, 2, "Renames a key only when the target key name doesn't exist.", "1.0.0", (ks, a) -> rename(ks, a, true), WRITE, FAST),
        command("copy", -3)
            .flags(WRITE, CommandFlag.DENYOOM)
            .keys(1, 2, 1)
            .acl("keyspace")
            .group("generic")
            .since("6.2.0")
            .complexity("O(N) worst case for collections, where N is the number of nested items. O(1) for string values.")
            .summary("Copies the value of a key to a new key.")
            .run(KeyspaceCommand.of(KeyCommands::copyOptions, KeyCommands::copy))
            .build(),
        expire("expire", Expiry.Unit.SECONDS, "Sets the expiration time of a key in seconds.", "1.0.0"),
        expire("pexpire", Expiry.Unit.MILLISECONDS, "Sets the expiration time of a key in milliseconds.", "2.6.0"),
        expire("expireat", Expiry.Unit.UNIX_SECONDS, "Sets the expiration time of a key to a Unix timestamp.", "1.2.0"),
        expire("pexpireat", Expiry.Unit.UNIX_MILLISECONDS, "Sets the expiration time of a key to a Unix milliseconds timestamp.", "2.6.0"),
        generic("ttl", 2, 1, 1, "Returns the expiration time in seconds of a key.", "1.0.0", (ks, a) -> ttl(ks, a, TtlKind.TTL), READONLY, FAST),
        generic("pttl", 2, 1, 1, "Returns the expiration time in milliseconds of a key.", "2.6.0", (ks, a) -> ttl(ks, a, TtlKind.PTTL), READONLY, FAST),
        generic("expiretime", 2, 1, 1, "Returns the expiration time of a key as a Unix timestamp.", "7.0.0", (ks, a) -> ttl(ks, a, TtlKind.EXPIRETIME), READONLY, FAST),
        generic("pexpiretime", 2, 1, 1, "Returns the expiration time of a key as a Unix milliseconds timestamp.", "7.0.0", (ks, a) -> ttl(ks, a, TtlKind.PEXPIRETIME), READONLY, FAST),
        generic("persist", 2, 1, 1, "Removes the expiration time of a key.", "2.2.0", KeyCommands::persist, WRITE, FAST),
        command("keys", 2)
            .flags(READONLY)
            .acl("keyspace", "dangerous")
            .group("generic")
            .since("1.0.0")
            .complexity("O(N) with N being the number of keys in the database")
            .summary("Returns all key names that match a pattern.")
            .run((KeyspaceCommand) KeyCommands::keys)
            .build(),
        command("scan", -2)
            .flags(READONLY)
            .acl("keyspace")
            .group("generic")
            .since("2.8.0")
            .complexity("O(1) for every call. O(N) for a complete iteration.")
            .summary("Iterates over the key names in the database.")
            .run((KeyspaceCommand) KeyCommands::scan)
            .build(),
        command("randomkey", 1)
            .flags(READONLY)
            .acl("keyspace")
            .group("generic")
            .since("1.0.0")
            .summary("Returns a random key name from the database.")
            .run((KeyspaceCommand) KeyCommands::randomkey)
            .build(),
        command("dbsize", 1)
            .flags(READONLY, FAST)
            .acl("keyspace")
            .group("server")
            .since("1.0.0")
            .summary("Returns the number of keys in the database.")
            .run((KeyspaceCommand) (ks, a) -> RespValue.integer(ks.counters().keys))
            .build(),
        command("object", -2)
            .group("generic")
            .since("2.2.3")
            .summary("A container for object introspection commands.")
            .subcommand(
                command("encoding", 3)
                    .flags(READONLY)
                    .keys(2, 2, 1)
                    .acl("keyspace")
                    .since("2.2.3")
                    .summary("Returns the internal encoding of a Redis object.")
                    .run((KeyspaceCommand) KeyCommands::encoding))
            .subcommand(
                command("refcount", 3)
                    .flags(READONLY)
                    .keys(2, 2, 1)
                    .acl("keyspace")
                    .since("2.2.3")
                    .summary("Returns the reference count of a value of a key.")
                    .run((KeyspaceCommand) (ks, a) -> ks.meta(a.arg(2)) == null ? RespValue.NULL : RespValue.ONE))
            .subcommand(
                command("help", 2)
                    .flags(READONLY)
                    .acl("keyspace")
                    .since("6.2.0")
                    .summary("Returns helpful text about the different subcommands.")
                    .run((KeyspaceCommand) (ks, a) -> help()))
            .build());
  }

  private static CommandSpec generic(
      String name, int arity, int first, int last, String summary, String since, KeyspaceCommand run, CommandFlag... flags) {
    return command(name, arity).flags(flags).keys(first, last, 1).acl("keyspace").group("generic").since(since).summary(summary).run(run).build();
  }

  // ------------------------------------------------------------------ deletion and existence

  static RespValue del(Keyspace ks, CommandArgs a) {
    long n = 0;
    for (int i = 1; i < a.count(); i++) {
      if (ks.delete(a.arg(i))) {
        ks.event(a.arg(i), "del", 'g');
        n++;
      }
    }
    return RespValue.integer(n);
  }

  static RespValue exists(Keyspace ks, CommandArgs a) {
    long n = 0;
    for (int i = 1; i < a.count(); i++) {
      if (ks.meta(a.arg(i)) != null) {
        n++;
      }
    }
    return RespValue.integer(n);
  }

  static RespValue type(Keyspace ks, CommandArgs a) {
    Meta m = ks.meta(a.arg(1));
    return new RespValue.Simple(m == null ? "none" : m.type().redisName());
  }

  // ------------------------------------------------------------------ rename and copy

  static RespValue rename(Keyspace ks, CommandArgs a, boolean nx) {
    byte[] from = a.arg(1);
    byte[] to = a.arg(2);
    Meta m = ks.meta(from);
    if (m == null) {
      throw new CommandError(RedisErrors.NO_SUCH_KEY);
    }
    if (Arrays.equals(from, to)) {
      return nx ? RespValue.ZERO : RespValue.OK;
    }
    Meta dst = ks.meta(to);
    if (nx && dst != null) {
      return RespValue.ZERO;
    }
    Meta copy = ks.copyValue(from, m, to, m.expireAt());
    if (dst != null) {
      ks.removeKey(to, dst);
    }
    ks.putMeta(to, null, copy);
    ks.removeKey(from, m);
    ks.event(from, "rename_from", 'g');
    ks.event(to, "rename_to", 'g');
    return nx ? RespValue.ONE : RespValue.OK;
  }

  private static boolean copyOptions(CommandArgs a) {
    boolean replace = false;
    for (int i = 3; i < a.count(); i++) {
      if (a.is(i, "replace")) {
        replace = true;
      } else if (a.is(i, "db") && i + 1 < a.count()) {
        long db = a.longArg(++i);
        if (db != 0) {
          throw new CommandError(RedisErrors.DB_OUT_OF_RANGE);
        }
      } else {
        throw RedisErrors.syntax();
      }
    }
    if (Arrays.equals(a.arg(1), a.arg(2))) {
      throw new CommandError("ERR source and destination objects are the same");
    }
    return replace;
  }

  static RespValue copy(Keyspace ks, CommandArgs a) {
    boolean replace = copyOptions(a);
    byte[] from = a.arg(1);
    byte[] to = a.arg(2);
    Meta m = ks.meta(from);
    if (m == null) {
      return RespValue.ZERO;
    }
    Meta dst = ks.meta(to);
    if (dst != null && !replace) {
      return RespValue.ZERO;
    }
    Meta copy = ks.copyValue(from, m, to, m.expireAt());
    if (dst != null) {
      ks.removeKey(to, dst);
    }
    ks.putMeta(to, null, copy);
    ks.event(to, "copy_to", 'g');
    return RespValue.ONE;
  }

  // ------------------------------------------------------------------ expiry

  private static CommandSpec expire(String name, Expiry.Unit unit, String summary, String since) {
    return command(name, -3)
        .flags(WRITE, FAST)
        .keys(1, 1, 1)
        .acl("keyspace")
        .group("generic")
        .since(since)
        .summary(summary)
        .run(
            KeyspaceCommand.of(
                a -> {
                  expireFlags(a);
                  Expiry.check(a.longArg(2), unit, name, true);
                },
                (ks, a) -> expire(ks, a, unit, name)))
        .build();
  }

  private static final int NX = 1;
  private static final int XX = 2;
  private static final int GT = 4;
  private static final int LT = 8;

  private static int expireFlags(CommandArgs a) {
    int flags = 0;
    for (int i = 3; i < a.count(); i++) {
      switch (a.word(i)) {
        case "nx" -> flags |= NX;
        case "xx" -> flags |= XX;
        case "gt" -> flags |= GT;
        case "lt" -> flags |= LT;
        default -> throw new CommandError("ERR Unsupported option " + a.string(i));
      }
    }
    if ((flags & NX) != 0 && (flags & (XX | GT | LT)) != 0) {
      throw new CommandError("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    if ((flags & GT) != 0 && (flags & LT) != 0) {
      throw new CommandError("ERR GT and LT options at the same time are not compatible");
    }
    return flags;
  }

  static RespValue expire(Keyspace ks, CommandArgs a, Expiry.Unit unit, String name) {
    int flags = expireFlags(a);
    long at = Expiry.absolute(a.longArg(2), unit, ks.now(), name, true);
    byte[] key = a.arg(1);
    Meta m = ks.meta(key);
    if (m == null) {
      return RespValue.ZERO;
    }
    long current = m.expireAt();
    if ((flags & NX) != 0 && current != 0
        || (flags & XX) != 0 && current == 0
        || (flags & GT) != 0 && (current == 0 || at <= current)
        || (flags & LT) != 0 && current != 0 && at >= current) {
      return RespValue.ZERO;
    }
    if (at <= ks.now()) {
      ks.removeKey(key, m);
      ks.event(key, "del", 'g');
      return RespValue.ONE;
    }
    ks.setExpireAt(key, m, at);
    ks.event(key, "expire", 'g');
    return RespValue.ONE;
  }

  enum TtlKind {
    TTL,
    PTTL,
    EXPIRETIME,
    PEXPIRETIME
  }

  static RespValue ttl(Keyspace ks, CommandArgs a, TtlKind kind) {
    Meta m = ks.meta(a.arg(1));
    if (m == null) {
      return RespValue.integer(-2);
    }
    long at = m.expireAt();
    if (at == 0) {
      return RespValue.integer(-1);
    }
    long left = Math.max(0, at - ks.clock());
    return RespValue.integer(
        switch (kind) {
          case TTL -> (left + 500) / 1000;
          case PTTL -> left;
          case EXPIRETIME -> (at + 500) / 1000; // rounded, as Redis rounds TTL
          case PEXPIRETIME -> at;
        });
  }

  static RespValue persist(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Meta m = ks.meta(key);
    if (m == null || !m.hasExpiry()) {
      return RespValue.ZERO;
    }
    ks.setExpireAt(key, m, 0);
    ks.event(key, "persist", 'g');
    return RespValue.ONE;
  }

  // ------------------------------------------------------------------ iteration

  static RespValue keys(Keyspace ks, CommandArgs a) {
    GlobPattern p = GlobPattern.compile(a.arg(1));
    // Keys are stored by slot; a pattern whose literal start holds a hash tag names one slot.
    int slot = SlotHash.slotOfPrefix(p.literalPrefix());
    byte[] start = slot >= 0 ? concat(Keyspace.slotPrefix(slot), p.literalPrefix()) : null;
    List<RespValue> out = new ArrayList<>();
    try (RocksIterator it = ks.iterator(ks.store().meta())) {
      if (start != null) {
        it.seek(start);
      } else {
        it.seekToFirst();
      }
      for (; it.isValid(); it.next()) {
        byte[] mk = it.key();
        if (start != null && !Bytes.startsWith(mk, start)) {
          break;
        }
        byte[] k = Keyspace.userKey(mk);
        if (p.matches(k) && ks.live(k, it.value()) != null) {
          out.add(RespValue.bulk(k));
        }
      }
    }
    return RespValue.array(out);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Parses a SCAN-family cursor: an unsigned decimal, else {@code ERR invalid cursor}. */
  public static long cursor(byte[] b) {
    try {
      return Long.parseUnsignedLong(Bytes.utf8(b));
    } catch (NumberFormatException e) {
      throw new CommandError("ERR invalid cursor");
    }
  }

  static RespValue scan(Keyspace ks, CommandArgs a) {
    long cursor = cursor(a.arg(1));
    GlobPattern match = null;
    long count = 10;
    KeyType type = null;
    String typeName = null;
    for (int i = 2; i < a.count(); i++) {
      if (i + 1 >= a.count()) {
        throw RedisErrors.syntax();
      }
      switch (a.word(i)) {
        case "match" -> match = GlobPattern.compile(a.arg(++i));
        case "count" -> {
          count = a.longArg(++i);
          if (count < 1) {
            throw RedisErrors.syntax();
          }
        }
        case "type" -> {
          typeName = a.string(++i);
          type = KeyType.ofRedisName(typeName);
        }
        default -> throw RedisErrors.syntax();
      }
    }
    byte[] from = ks.store().cursors().position(cursor);
    List<RespValue> keys = new ArrayList<>();
    byte[] last = null;
    long examined = 0;
    boolean more;
    try (RocksIterator it = ks.iterator(ks.store().meta())) {
      if (from == null) {
        it.seekToFirst();
      } else {
        it.seek(from);
        if (it.isValid() && Arrays.equals(it.key(), from)) {
          it.next();
        }
      }
      for (; it.isValid() && examined < count; it.next()) {
        byte[] mk = it.key();
        last = mk;
        byte[] k = Keyspace.userKey(mk);
        examined++;
        if (match != null && !match.matches(k)) {
          continue;
        }
        Meta m = ks.live(k, it.value());
        if (m == null || typeName != null && (type == null || m.type() != type)) {
          continue;
        }
        keys.add(RespValue.bulk(k));
      }
      more = it.isValid();
    }
    long next = more && last != null ? ks.store().cursors().save(last) : 0;
    return RespValue.array(RespValue.bulk(Long.toUnsignedString(next)), RespValue.array(keys));
  }

  /** Up to this many keys RANDOMKEY draws an exact position; above, it probes the key range. */
  private static final long RANDOMKEY_EXACT = 1024;

  /** Large keyspaces: how far RANDOMKEY walks on, at random, from the point it probed. */
  private static final int RANDOMKEY_WALK = 256;

  /**
   * A key drawn at random. Small keyspaces: a uniform position, stepped to from the first key. Large
   * ones (no rank index to draw from): a uniform point between the first and the last key (after
   * their common prefix), then a uniform number of keys further on, which spreads the draws over
   * keys however sparsely their bytes fill the range. Expired keys not yet deleted are skipped by
   * drawing again.
   */
  static RespValue randomkey(Keyspace ks, CommandArgs a) {
    long n = ks.counters().keys;
    if (n <= 0) {
      return RespValue.NULL;
    }
    java.util.Random r = ks.random();
    try (RocksIterator it = ks.iterator(ks.store().meta())) {
      it.seekToFirst();
      if (!it.isValid()) {
        return RespValue.NULL;
      }
      byte[] first = it.key();
      it.seekToLast();
      byte[] last = it.key();
      for (int attempt = 0; attempt < 100; attempt++) {
        long skip;
        if (n <= RANDOMKEY_EXACT) {
          skip = r.nextLong(n);
          it.seekToFirst();
        } else {
          skip = r.nextInt(RANDOMKEY_WALK);
          it.seek(pointBetween(first, last, r));
        }
        for (long i = 0; i < skip; i++) {
          if (!it.isValid()) {
            it.seekToFirst();
          }
          it.next();
        }
        if (!it.isValid()) {
          it.seekToFirst();
        }
        byte[] k = Keyspace.userKey(it.key());
        if (ks.live(k, it.value()) != null) {
          return RespValue.bulk(k);
        }
      }
    }
    return RespValue.NULL;
  }

  /** A uniform point between {@code lo} and {@code hi}: their common prefix, then 8 drawn bytes. */
  private static byte[] pointBetween(byte[] lo, byte[] hi, java.util.Random r) {
    int p = 0;
    while (p < lo.length && p < hi.length && lo[p] == hi[p]) {
      p++;
    }
    long from = eightBytes(lo, p);
    long to = eightBytes(hi, p);
    long span = to - from; // unsigned, to >= from
    long x = span == -1 ? r.nextLong() : from + Long.remainderUnsigned(r.nextLong(), span + 1);
    byte[] probe = java.util.Arrays.copyOf(lo, p + 8);
    Bytes.putLong(probe, p, x);
    return probe;
  }

  private static long eightBytes(byte[] k, int from) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (from + i < k.length ? k[from + i] & 0xff : 0);
    }
    return v;
  }

  // ------------------------------------------------------------------ OBJECT

  static RespValue encoding(Keyspace ks, CommandArgs a) {
    Meta m = ks.meta(a.arg(2));
    if (m == null) {
      return RespValue.NULL;
    }
    return RespValue.bulk(encodingName(m));
  }

  /** What OBJECT ENCODING says, following Redis 7.2's thresholds for the small encodings. */
  public static String encodingName(Meta m) {
    switch (m.type()) {
      case STRING:
        int len = m.bodyLength();
        if (len <= 20 && CommandArgs.tryParseLong(m.body()) != null) {
          return "int";
        }
        return len <= 44 ? "embstr" : "raw";
      case HASH:
        return CollectionHeader.size(m) <= 128 ? "listpack" : "hashtable";
      case LIST:
        return CollectionHeader.size(m) <= 128 ? "listpack" : "quicklist";
      case SET:
        return CollectionHeader.size(m) <= 128 ? "listpack" : "hashtable";
      case ZSET:
        return CollectionHeader.size(m) <= 128 ? "listpack" : "skiplist";
      default:
        return "raw";
    }
  }

  private static RespValue help() {
    return CommandHelp.reply(
        "object",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.");
  }
}
