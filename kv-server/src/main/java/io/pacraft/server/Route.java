package io.pacraft.server;

import io.pacraft.resp.RespValue;

/**
 * Where a keyspace command runs: here, linearizably; here, from this replica's possibly stale state
 * (READONLY on a follower); or nowhere, answered with {@code redirect} (MOVED, CROSSSLOT,
 * CLUSTERDOWN...).
 */
record Route(boolean stale, RespValue redirect) {
  static final Route SERVE = new Route(false, null);
  static final Route STALE = new Route(true, null);

  static Route reply(String error) {
    return new Route(false, RespValue.error(error));
  }
}
