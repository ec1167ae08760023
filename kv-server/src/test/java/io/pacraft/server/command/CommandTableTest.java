package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Looking commands up by the name bytes a client sent: any ASCII case, nothing else. */
class CommandTableTest {
  private final CommandTable table = Commands.table();

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void everyCommandIsFoundInAnyCaseAndNothingElseIs() {
    assertThat(table.size()).isGreaterThan(150);
    for (CommandSpec s : table.all()) {
      String name = s.name();
      assertThat(table.lookup(b(name))).as(name).isSameAs(s);
      assertThat(table.lookup(b(name.toUpperCase(Locale.ROOT)))).as(name).isSameAs(s);
      StringBuilder mixed = new StringBuilder();
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        mixed.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
      }
      assertThat(table.lookup(b(mixed.toString()))).as(mixed.toString()).isSameAs(s);
      assertThat(table.lookup(b(name + "x"))).as(name + "x").isNotSameAs(s);
      if (name.length() > 1) {
        assertThat(table.lookup(b(name.substring(0, name.length() - 1)))).as("prefix of " + name).isNotSameAs(s);
      }
      assertThat(table.lookup(b(name)) == table.lookup(name)).isTrue();
    }
    assertThat(table.lookup(b("nosuchcommand"))).isNull();
    assertThat(table.lookup(b(""))).isNull();
    assertThat(table.lookup(b("g\u00c9t"))).isNull(); // a Latin-1 letter is not folded into ASCII
    assertThat(table.lookup(b("s\u00e5t"))).isNull();
    assertThat(table.lookup(b("get".repeat(20)))).isNull();
  }
}
