package io.pacraft.server.command;

import io.pacraft.server.command.connection.ConnectionCommands;
import io.pacraft.server.command.key.KeyCommands;
import io.pacraft.server.command.server.ServerCommands;
import io.pacraft.server.command.string.StringCommands;
import java.util.ArrayList;
import java.util.List;

/** Assembles the one command table from each family's declarations. */
public final class Commands {
  private Commands() {}

  public static CommandTable table() {
    List<CommandSpec> all = new ArrayList<>();
    all.addAll(ConnectionCommands.specs());
    all.addAll(StringCommands.specs());
    all.addAll(KeyCommands.specs());
    all.addAll(ServerCommands.specs());
    all.addAll(io.pacraft.server.command.cluster.ClusterCommands.specs());
    return new CommandTable(all);
  }
}
