package io.pacraft.server.command;

import io.pacraft.resp.RespValue;

/**
 * A command failed with a Redis error reply. Thrown from parsing or execution; nothing the command
 * wrote takes effect. Carries no stack trace: it is control flow, not a bug.
 */
public final class CommandError extends RuntimeException {
  private final RespValue.Error reply;

  public CommandError(String message) {
    super(message, null, false, false);
    this.reply = new RespValue.Error(message);
  }

  public RespValue.Error reply() {
    return reply;
  }
}
