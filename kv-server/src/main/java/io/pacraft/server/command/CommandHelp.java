package io.pacraft.server.command;

import io.pacraft.resp.RespValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A container command's HELP reply as Redis' addReplyHelp writes it: status lines, a header and a HELP entry. */
public final class CommandHelp {
  private CommandHelp() {}

  /** {@code <COMMAND> <subcommand> ...} then {@code lines} then {@code HELP / Prints this help.} */
  public static RespValue reply(String command, String... lines) {
    List<RespValue> out = new ArrayList<>(lines.length + 3);
    out.add(new RespValue.Simple(command.toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
    for (String l : lines) {
      out.add(new RespValue.Simple(l));
    }
    out.add(new RespValue.Simple("HELP"));
    out.add(new RespValue.Simple("    Prints this help."));
    return RespValue.array(out);
  }
}
