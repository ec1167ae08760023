package io.pacraft.server.command;

import io.pacraft.server.client.ClientSession;

/** A command that runs on the client's connection (its event loop) rather than on the keyspace. */
public non-sealed interface ConnectionCommand extends Command {
  /**
   * Runs the command; returns the reply, or a {@link java.util.concurrent.CompletionStage} of it
   * when it finishes later. Throws {@link CommandError} for an error reply.
   */
  Object run(ClientSession session, CommandArgs args);
}
