package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/commands.md} cannot drift from the command table: the file must equal what {@link
 * CommandReference} renders from {@link Commands#table()}. With {@code -Dcommands.md.update=true}
 * the test writes the file instead.
 */
class CommandReferenceTest {
  /** The repository's docs folder, from the module directory tests run in. */
  static final Path FILE = Path.of("").toAbsolutePath().resolveSibling("docs").resolve("commands.md");

  @Test
  void commandsMdMatchesTheCommandTable() throws Exception {
    String expected = CommandReference.markdown(Commands.table());
    if (Boolean.getBoolean("commands.md.update")) {
      Files.writeString(FILE, expected, StandardCharsets.UTF_8);
    }
    assertThat(FILE).as("docs/commands.md (regenerate with -Dcommands.md.update=true)").exists();
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("docs/commands.md is out of date: regenerate with -Dcommands.md.update=true")
        .isEqualTo(expected);
  }

  @Test
  void everyCommandAndSubcommandHasItsRow() {
    String md = CommandReference.markdown(Commands.table());
    List<String> rows = md.lines().filter(l -> l.startsWith("| `")).toList();
    assertThat(rows).hasSize(Commands.table().allWithSubcommands().size());
    assertThat(rows).contains(
        "| `GET` | string | 2 | readonly, fast | 1.0.0 | supported |",
        "| `CONFIG GET` | server | -3 | admin, noscript, loading, stale | 2.0.0 | supported |",
        "| `DELEX` | string | -2 | write, fast | 8.4.0 | supported |");
    assertThat(rows).allMatch(r -> r.endsWith(" | supported |"));
  }
}
