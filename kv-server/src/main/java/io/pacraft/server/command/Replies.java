package io.pacraft.server.command;

import io.pacraft.resp.RespValue;
import java.util.List;

/**
 * Several replies to one request, written in order where the request's reply belongs: SUBSCRIBE
 * a b c answers one confirmation per channel. Only connection commands answer this, and only at
 * once (not as a stage).
 */
public record Replies(List<RespValue> values) {
  public Replies {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("at least one reply");
    }
  }
}
