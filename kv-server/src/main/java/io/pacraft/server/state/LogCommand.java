package io.pacraft.server.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A replicated log entry of the key-value state machine. The leader fixes everything a command
 * needs to be deterministic before proposing it: the time ({@code EXPIRE k 10} becomes an absolute
 * expiry when applied at this time on every replica) and a random seed (SPOP's choice comes from
 * it).
 *
 * <pre>
 * [0]      kind: 1 command, 2 expiry deletions, 3 transaction
 * [1..9)   leader time, unix ms
 * [9..17)  random seed
 * command:     [argc:4] ([len:4][bytes])*
 * expiry:      [n:4] ([len:4][key])*
 * transaction: [n:4] (command body)* then [w:4] ([len:4][watched key][watch index:8][watch time:8])*
 * </pre>
 */
public final class LogCommand {
  public static final byte COMMAND = 1;
  public static final byte EXPIRE = 2;
  public static final byte TRANSACTION = 3;

  private final byte kind;
  private final long time;
  private final long seed;
  private final List<byte[][]> commands;
  private final List<byte[]> keys;
  private final List<Watch> watches;

  private LogCommand(byte kind, long time, long seed, List<byte[][]> commands, List<byte[]> keys, List<Watch> watches) {
    this.kind = kind;
    this.time = time;
    this.seed = seed;
    this.commands = commands;
    this.keys = keys;
    this.watches = watches;
  }

  /**
   * A key a client watched: the applied index and the leader's time when it did. EXEC aborts when
   * the key changed after that index (see {@code KeyHistory.modifiedSince}).
   */
  public record Watch(byte[] key, long index, long time) {}

  public static LogCommand command(long time, long seed, byte[][] argv) {
    return new LogCommand(COMMAND, time, seed, List.<byte[][]>of(argv), List.of(), List.of());
  }

  /** Deletes of {@code keys} if they have expired by {@code time}. */
  public static LogCommand expire(long time, List<byte[]> keys) {
    return new LogCommand(EXPIRE, time, 0, List.of(), keys, List.of());
  }

  /**
   * A MULTI/EXEC transaction: {@code commands} run atomically, unless a key of {@code watched} has
   * changed after it was watched.
   */
  public static LogCommand transaction(long time, long seed, List<byte[][]> commands, List<Watch> watched) {
    return new LogCommand(TRANSACTION, time, seed, commands, List.of(), watched);
  }

  public byte kind() {
    return kind;
  }

  public long time() {
    return time;
  }

  public long seed() {
    return seed;
  }

  /** The single command of a {@link #COMMAND} entry. */
  public byte[][] argv() {
    return commands.get(0);
  }

  public List<byte[][]> commands() {
    return commands;
  }

  /** Expired keys ({@link #EXPIRE}). */
  public List<byte[]> keys() {
    return keys;
  }

  /** Watched keys ({@link #TRANSACTION}). */
  public List<Watch> watches() {
    return watches;
  }

  /** True when the entry runs FLUSHDB or FLUSHALL (alone or inside a transaction). */
  public boolean flushes() {
    for (byte[][] argv : commands) {
      if (argv.length > 0
          && (io.pacraft.server.storage.Bytes.equalsIgnoreCase(argv[0], "flushdb")
              || io.pacraft.server.storage.Bytes.equalsIgnoreCase(argv[0], "flushall"))) {
        return true;
      }
    }
    return false;
  }

  public byte[] encode() {
    int size = 17 + 4;
    for (byte[][] argv : commands) {
      size += argvSize(argv);
    }
    for (byte[] k : keys) {
      size += 4 + k.length;
    }
    if (kind == TRANSACTION) {
      size += 4;
      for (Watch w : watches) {
        size += 4 + w.key().length + 16;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put(kind).putLong(time).putLong(seed);
    switch (kind) {
      case COMMAND:
        putArgv(b, commands.get(0));
        break;
      case EXPIRE:
        putKeys(b, keys);
        break;
      case TRANSACTION:
        b.putInt(commands.size());
        for (byte[][] argv : commands) {
          putArgv(b, argv);
        }
        b.putInt(watches.size());
        for (Watch w : watches) {
          b.putInt(w.key().length).put(w.key()).putLong(w.index()).putLong(w.time());
        }
        break;
      default:
        throw new IllegalStateException("kind " + kind);
    }
    return b.array();
  }

  public static LogCommand decode(ByteBuffer b) {
    byte kind = b.get();
    long time = b.getLong();
    long seed = b.getLong();
    switch (kind) {
      case COMMAND:
        return new LogCommand(kind, time, seed, List.<byte[][]>of(getArgv(b)), List.of(), List.of());
      case EXPIRE:
        return new LogCommand(kind, time, seed, List.of(), getKeys(b), List.of());
      case TRANSACTION:
        int n = b.getInt();
        List<byte[][]> cmds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          cmds.add(getArgv(b));
        }
        int w = b.getInt();
        if (w < 0 || w > b.remaining() / 20) {
          throw new IllegalStateException("corrupt log entry: watch count " + w);
        }
        List<Watch> watched = new ArrayList<>(w);
        for (int i = 0; i < w; i++) {
          int len = b.getInt();
          if (len < 0 || len > b.remaining() - 16) {
            throw new IllegalStateException("corrupt log entry: length " + len);
          }
          byte[] k = new byte[len];
          b.get(k);
          watched.add(new Watch(k, b.getLong(), b.getLong()));
        }
        return new LogCommand(kind, time, seed, cmds, List.of(), watched);
      default:
        throw new IllegalStateException("corrupt log entry: kind " + kind);
    }
  }

  private static int argvSize(byte[][] argv) {
    int size = 4;
    for (byte[] a : argv) {
      size += 4 + a.length;
    }
    return size;
  }

  private static void putArgv(ByteBuffer b, byte[][] argv) {
    b.putInt(argv.length);
    for (byte[] a : argv) {
      b.putInt(a.length).put(a);
    }
  }

  private static byte[][] getArgv(ByteBuffer b) {
    int argc = b.getInt();
    if (argc < 0 || argc > b.remaining() / 4) {
      throw new IllegalStateException("corrupt log entry: argc " + argc);
    }
    byte[][] argv = new byte[argc][];
    for (int i = 0; i < argc; i++) {
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) {
        throw new IllegalStateException("corrupt log entry: length " + len);
      }
      argv[i] = new byte[len];
      b.get(argv[i]);
    }
    return argv;
  }

  private static void putKeys(ByteBuffer b, List<byte[]> keys) {
    b.putInt(keys.size());
    for (byte[] k : keys) {
      b.putInt(k.length).put(k);
    }
  }

  private static List<byte[]> getKeys(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining() / 4) {
      throw new IllegalStateException("corrupt log entry: key count " + n);
    }
    List<byte[]> keys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int len = b.getInt();
      if (len < 0 || len > b.remaining()) {
        throw new IllegalStateException("corrupt log entry: length " + len);
      }
      byte[] k = new byte[len];
      b.get(k);
      keys.add(k);
    }
    return keys;
  }
}
