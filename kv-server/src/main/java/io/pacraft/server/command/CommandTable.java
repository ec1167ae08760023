package io.pacraft.server.command;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one command table: every command the server knows, by lowercase name. Dispatch, arity
 * checks, COMMAND, ACL categories, docs/commands.md and slot routing all read it.
 */
public final class CommandTable {
  private final Map<String, CommandSpec> commands = new LinkedHashMap<>();
  /**
   * The same by name bytes, for {@link #lookup(byte[])}: open addressing on a case-folded hash, so
   * a request's name is matched in place (as a lowercased String it cost three allocations and a
   * hash per lookup, twice per write: when it is dispatched and when it is applied).
   */
  private final byte[][] names;

  private final CommandSpec[] specsByName;
  private final int mask;

  public CommandTable(Collection<CommandSpec> specs) {
    for (CommandSpec s : specs) {
      if (commands.put(s.name(), s) != null) {
        throw new IllegalArgumentException("command declared twice: " + s.name());
      }
    }
    int size = Integer.highestOneBit(Math.max(4, commands.size() * 4) - 1) << 1;
    names = new byte[size][];
    specsByName = new CommandSpec[size];
    mask = size - 1;
    for (CommandSpec s : commands.values()) {
      byte[] name = s.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int i = foldedHash(name) & mask;
      while (names[i] != null) {
        i = (i + 1) & mask;
      }
      names[i] = name;
      specsByName[i] = s;
    }
  }

  private static int fold(byte b) {
    int x = b & 0xFF;
    return x >= 'A' && x <= 'Z' ? x + 32 : x;
  }

  private static int foldedHash(byte[] name) {
    int h = 0;
    for (byte b : name) {
      h = 31 * h + fold(b);
    }
    return h ^ (h >>> 7) ^ (h >>> 16);
  }

  /** The command named by {@code name} (any case), or null. */
  public CommandSpec lookup(byte[] name) {
    if (name.length > 32) {
      return null;
    }
    int i = foldedHash(name) & mask;
    byte[] candidate;
    while ((candidate = names[i]) != null) {
      if (candidate.length == name.length && sameFolded(candidate, name)) {
        return specsByName[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** {@code lower} (a command name, lowercase) equals {@code name} ignoring ASCII case. */
  private static boolean sameFolded(byte[] lower, byte[] name) {
    for (int k = 0; k < lower.length; k++) {
      if (lower[k] != fold(name[k])) {
        return false;
      }
    }
    return true;
  }

  public CommandSpec lookup(String name) {
    return commands.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  public Collection<CommandSpec> all() {
    return Collections.unmodifiableCollection(commands.values());
  }

  public int size() {
    return commands.size();
  }

  /** Every command and subcommand, containers first then their subcommands. */
  public List<CommandSpec> allWithSubcommands() {
    List<CommandSpec> out = new java.util.ArrayList<>();
    for (CommandSpec s : commands.values()) {
      out.add(s);
      out.addAll(s.subcommands().values());
    }
    return out;
  }
}
