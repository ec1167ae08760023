package io.pacraft.server.state;

import io.pacraft.resp.RespValue;

/**
 * What applying one client's log entry gives back to the replica that proposed it: the reply, and
 * how long the state machine spent executing the command (SLOWLOG and commandstats count it, not
 * the wait for the log).
 */
public record AppliedReply(RespValue reply, long nanos) {}
