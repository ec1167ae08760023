package io.pacraft.server.command.pubsub;

import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.LOADING;
import static io.pacraft.server.command.CommandFlag.MAY_REPLICATE;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.PUBSUB;
import static io.pacraft.server.command.CommandFlag.STALE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.Replies;
import io.pacraft.server.glob.GlobPattern;
import io.pacraft.server.pubsub.PubSub;
import io.pacraft.server.storage.ByteString;
import java.util.ArrayList;
import java.util.List;

/**
 * Publish/subscribe: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBE forms (one
 * confirmation per channel, as push messages in RESP3), PUBLISH, SPUBLISH and PUBSUB.
 */
public final class PubSubCommands {
  private PubSubCommands() {}

  public static List<CommandSpec> specs() {
    return List.of(
        pubsub("subscribe", -2, "2.0.0", "Listen for messages published to the given channels.",
                "O(N) where N is the number of channels to subscribe to.", (s, a) -> subscribe(s, a, PubSub.Kind.CHANNEL))
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .build(),
        pubsub("unsubscribe", -1, "2.0.0", "Stop listening for messages posted to the given channels.",
                "O(N) where N is the number of clients already subscribed to a channel.", (s, a) -> unsubscribe(s, a, PubSub.Kind.CHANNEL))
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .build(),
        pubsub("psubscribe", -2, "2.0.0", "Listen for messages published to channels matching the given patterns.",
                "O(N) where N is the number of patterns the client is already subscribed to.", (s, a) -> subscribe(s, a, PubSub.Kind.PATTERN))
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .build(),
        pubsub("punsubscribe", -1, "2.0.0", "Stop listening for messages posted to channels matching the given patterns.",
                "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).",
                (s, a) -> unsubscribe(s, a, PubSub.Kind.PATTERN))
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .build(),
        pubsub("ssubscribe", -2, "7.0.0", "Listen for messages published to the given shard channels.",
                "O(N) where N is the number of shard channels to subscribe to.", (s, a) -> subscribe(s, a, PubSub.Kind.SHARD))
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .keys(1, -1, 1)
            .build(),
        pubsub("sunsubscribe", -1, "7.0.0", "Stop listening for messages posted to the given shard channels.",
                "O(N) where N is the number of clients already subscribed to a shard channel.", (s, a) -> unsubscribe(s, a, PubSub.Kind.SHARD))
            .flags(PUBSUB, NOSCRIPT, LOADING, STALE)
            .keys(1, -1, 1)
            .build(),
        pubsub("publish", 3, "2.0.0", "Post a message to a channel.",
                "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
                (s, a) -> RespValue.integer(s.node().pubsub().publish(a.arg(1), a.arg(2))))
            .flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE)
            .build(),
        pubsub("spublish", 3, "7.0.0", "Post a message to a shard channel.",
                "O(N) where N is the number of clients subscribed to the receiving shard channel.",
                (s, a) -> RespValue.integer(s.node().pubsub().publishShard(a.arg(1), a.arg(2))))
            .flags(PUBSUB, LOADING, STALE, FAST, MAY_REPLICATE)
            .keys(1, 1, 1)
            .build(),
        command("pubsub", -2)
            .group("pubsub")
            .since("2.8.0")
            .summary("A container for Pub/Sub commands.")
            .complexity("Depends on subcommand.")
            .subcommand(sub("channels", -2, "2.8.0", "List active channels.", (s, a) -> channels(s, a, PubSub.Kind.CHANNEL)))
            .subcommand(sub("numsub", -2, "2.8.0", "Get the count of subscribers for channels.", (s, a) -> numsub(s, a, PubSub.Kind.CHANNEL)))
            .subcommand(sub("numpat", 2, "2.8.0", "Get the count of unique patterns pattern subscriptions.",
                (s, a) -> RespValue.integer(s.node().pubsub().patternCount())))
            .subcommand(sub("shardchannels", -2, "7.0.0", "List active shard channels.", (s, a) -> channels(s, a, PubSub.Kind.SHARD)))
            .subcommand(sub("shardnumsub", -2, "7.0.0", "Get the count of subscribers for shard channels.", (s, a) -> numsub(s, a, PubSub.Kind.SHARD)))
            .subcommand(command("help", 2).flags(LOADING, STALE).since("6.2.0").summary("Show helpful text about the different subcommands.")
                .run((ConnectionCommand) PubSubCommands::help))
            .build());
  }

  private static CommandSpec.Builder pubsub(String name, int arity, String since, String summary, String complexity, ConnectionCommand run) {
    return command(name, arity).acl("pubsub").group("pubsub").since(since).summary(summary).complexity(complexity).run(run);
  }

  private static CommandSpec.Builder sub(String name, int arity, String since, String summary, ConnectionCommand run) {
    return command(name, arity).flags(PUBSUB, LOADING, STALE).since(since).summary(summary).run(run);
  }

  private static RespValue confirmation(String word, byte[] name, int count) {
    return new RespValue.Push(List.of(RespValue.bulk(word), name == null ? RespValue.NULL : RespValue.bulk(name), RespValue.integer(count)));
  }

  private static int count(ClientSession s, PubSub.Kind kind) {
    return kind == PubSub.Kind.SHARD ? s.subscriptions().count(PubSub.Kind.SHARD) : s.subscriptions().classic();
  }

  static Object subscribe(ClientSession s, CommandArgs a, PubSub.Kind kind) {
    List<RespValue> out = new ArrayList<>(a.count() - 1);
    if (s.subscriptions().needsCloseHook()) {
      s.connection().onClose(c -> c.node().pubsub().unsubscribeAll(c));
    }
    for (int i = 1; i < a.count(); i++) {
      ByteString name = ByteString.of(a.arg(i));
      if (s.subscriptions().add(kind, name)) {
        s.node().pubsub().subscribe(kind, name, s);
      }
      out.add(confirmation(kind == PubSub.Kind.CHANNEL ? "subscribe" : kind == PubSub.Kind.PATTERN ? "psubscribe" : "ssubscribe", a.arg(i), count(s, kind)));
    }
    return new Replies(out);
  }

  static Object unsubscribe(ClientSession s, CommandArgs a, PubSub.Kind kind) {
    String word = kind == PubSub.Kind.CHANNEL ? "unsubscribe" : kind == PubSub.Kind.PATTERN ? "punsubscribe" : "sunsubscribe";
    List<ByteString> names = new ArrayList<>();
    if (a.count() == 1) {
      names.addAll(s.subscriptions().all(kind));
    } else {
      for (int i = 1; i < a.count(); i++) {
        names.add(ByteString.of(a.arg(i)));
      }
    }
    if (names.isEmpty()) {
      return new Replies(List.of(confirmation(word, null, count(s, kind))));
    }
    List<RespValue> out = new ArrayList<>(names.size());
    for (ByteString name : names) {
      if (s.subscriptions().remove(kind, name)) {
        s.node().pubsub().unsubscribe(kind, name, s);
      }
      out.add(confirmation(word, name.bytes(), count(s, kind)));
    }
    return new Replies(out);
  }

  static Object channels(ClientSession s, CommandArgs a, PubSub.Kind kind) {
    if (a.count() > 3) {
      throw new io.pacraft.server.command.CommandError(
          "ERR unknown subcommand or wrong number of arguments for '" + a.string(1) + "'. Try PUBSUB HELP.");
    }
    GlobPattern p = a.count() == 3 ? GlobPattern.compile(a.arg(2)) : null;
    List<RespValue> out = new ArrayList<>();
    for (byte[] c : s.node().pubsub().channels(kind, p)) {
      out.add(RespValue.bulk(c));
    }
    return RespValue.array(out);
  }

  static Object numsub(ClientSession s, CommandArgs a, PubSub.Kind kind) {
    List<RespValue> out = new ArrayList<>();
    for (int i = 2; i < a.count(); i++) {
      out.add(RespValue.bulk(a.arg(i)));
      out.add(RespValue.integer(s.node().pubsub().subscribers(kind, a.arg(i))));
    }
    return RespValue.array(out);
  }

  static Object help(ClientSession s, CommandArgs a) {
    List<RespValue> lines = new ArrayList<>();
    for (String l :
        List.of(
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Print this help.")) {
      lines.add(RespValue.bulk(l));
    }
    return RespValue.array(lines);
  }
}
