package io.pacraft.server.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code docs/commands.md}, generated from the command table: one row per command and subcommand
 * (name, group, arity, flags, since, status), by group then name, so the page changes exactly when
 * the table does. A test compares the file with {@link #markdown}; run it with {@code
 * -Dcommands.md.update=true} to rewrite the file.
 */
public final class CommandReference {
  private CommandReference() {}

  public static String markdown(CommandTable table) {
    List<CommandSpec> rows = new ArrayList<>(table.allWithSubcommands());
    rows.sort(Comparator.comparing(CommandSpec::group).thenComparing(CommandSpec::fullName));
    StringBuilder md = new StringBuilder();
    md.append("# Supported commands\n\n")
        .append("Generated from the command table (`Commands.table()`); a test fails when this page and the table\n")
        .append("differ. To regenerate it: `mvn -B -pl kv-server verify -Dtest=CommandReferenceTest -Dcommands.md.update=true`.\n\n")
        .append("Arity counts the command name (negative: at least that many arguments); a subcommand's\n")
        .append("arity counts its container's name too. Flags are Redis' `COMMAND INFO` flags.\n\n")
        .append(table.size())
        .append(" commands, ")
        .append(rows.size() - table.size())
        .append(" subcommands.\n\n")
        .append("| command | group | arity | flags | since | status |\n")
        .append("|---|---|---|---|---|---|\n");
    for (CommandSpec s : rows) {
      md.append("| `")
          .append(s.fullName().replace('|', ' ').toUpperCase(Locale.ROOT))
          .append("` | ")
          .append(s.group())
          .append(" | ")
          .append(s.arity())
          .append(" | ")
          .append(s.flags().stream().map(CommandFlag::redisName).collect(Collectors.joining(", ")))
          .append(" | ")
          .append(s.since())
          .append(" | supported |\n");
    }
    return md.toString();
  }
}
