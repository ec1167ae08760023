package io.pacraft.server.net;

import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import java.util.Set;

/**
 * RESP2's subscribe mode: a client with subscriptions may only (un)subscribe, PING, QUIT and RESET,
 * and PING answers {@code ["pong", message]}. RESP3 clients get pushes out of band and may run
 * anything.
 */
final class SubscribeMode {
  private SubscribeMode() {}

  private static final Set<String> ALLOWED =
      Set.of("subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe", "ping", "quit", "reset");

  /** Throws Redis' error for a refused command; returns PING's subscribe-mode reply; else null. */
  static RespValue check(ClientSession session, CommandSpec spec, byte[][] argv) {
    if (session.protocol() != 2 || session.subscriptions().total() == 0) {
      return null;
    }
    if (!ALLOWED.contains(spec.fullName())) {
      throw new CommandError(
          "ERR Can't execute '" + spec.fullName()
              + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
    }
    if (spec.name().equals("ping") && argv.length <= 2) {
      return RespValue.array(RespValue.bulk("pong"), argv.length == 2 ? RespValue.bulk(argv[1]) : RespValue.bulk(""));
    }
    return null;
  }
}
