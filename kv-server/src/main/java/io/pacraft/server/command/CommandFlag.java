package io.pacraft.server.command;

import java.util.Locale;

/**
 * Command flags with Redis 7's names and meanings, as COMMAND INFO reports them; {@link #WRITE} and
 * {@link #READONLY} also decide whether a command goes through the log or a read barrier.
 */
public enum CommandFlag {
  WRITE,
  READONLY,
  DENYOOM,
  ADMIN,
  PUBSUB,
  NOSCRIPT,
  BLOCKING,
  LOADING,
  STALE,
  SKIP_MONITOR,
  SKIP_SLOWLOG,
  FAST,
  NO_AUTH,
  MAY_REPLICATE,
  NO_MANDATORY_KEYS,
  NO_ASYNC_LOADING,
  /** Cannot be queued in MULTI (WATCH inside MULTI is an error). */
  NO_MULTI,
  ALLOW_BUSY;

  /** The name COMMAND INFO prints: {@code write}, {@code readonly}, {@code no_auth}... */
  public String redisName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
