package io.pacraft.server.command;

import io.pacraft.server.storage.Bytes;
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

  public CommandTable(Collection<CommandSpec> specs) {
    for (CommandSpec s : specs) {
      if (commands.put(s.name(), s) != null) {
        throw new IllegalArgumentException("command declared twice: " + s.name());
      }
    }
  }

  /** The command named by {@code name} (any case), or null. */
  public CommandSpec lookup(byte[] name) {
    if (name.length > 32) {
      return null;
    }
    return commands.get(Bytes.lowerAscii(name));
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
