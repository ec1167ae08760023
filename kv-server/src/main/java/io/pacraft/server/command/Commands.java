package io.pacraft.server.command;

import io.pacraft.server.command.bitmap.BitmapCommands;
import io.pacraft.server.command.connection.ConnectionCommands;
import io.pacraft.server.command.hash.HashCommands;
import io.pacraft.server.command.key.KeyCommands;
import io.pacraft.server.command.list.ListCommands;
import io.pacraft.server.command.pubsub.PubSubCommands;
import io.pacraft.server.command.server.ServerCommands;
import io.pacraft.server.command.set.SetCommands;
import io.pacraft.server.command.string.StringCommands;
import io.pacraft.server.command.transaction.TransactionCommands;
import io.pacraft.server.command.zset.ZSetCommands;
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
    all.addAll(HashCommands.specs());
    all.addAll(ListCommands.specs());
    all.addAll(SetCommands.specs());
    all.addAll(ZSetCommands.specs());
    all.addAll(BitmapCommands.specs());
    all.addAll(TransactionCommands.specs());
    all.addAll(PubSubCommands.specs());
    all.addAll(io.pacraft.server.command.cluster.ClusterCommands.specs());
    return new CommandTable(all);
  }
}
