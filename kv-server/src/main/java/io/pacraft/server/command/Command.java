package io.pacraft.server.command;

/**
 * What a command does, as the command table dispatches it: either a {@link KeyspaceCommand} (runs
 * against storage: through the log when the spec says {@link CommandFlag#WRITE}, after a read
 * barrier otherwise) or a {@link ConnectionCommand} (runs on the client's connection: PING, HELLO,
 * CLIENT, CONFIG...).
 */
public sealed interface Command permits KeyspaceCommand, ConnectionCommand {}
