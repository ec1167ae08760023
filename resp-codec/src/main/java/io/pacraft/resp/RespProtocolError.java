package io.pacraft.resp;

/**
 * What {@link RespDecoder} passes down the pipeline, in order after the requests before it, when
 * a client breaks the protocol. The decoder reads nothing more from that connection; the server
 * writes {@link #reply()} after the replies it still owes and then closes the connection, as
 * Redis does.
 *
 * @param message Redis' text, without the {@code Protocol error: } prefix (for example {@code
 *     invalid bulk length}); never contains CR or LF
 */
public record RespProtocolError(String message) {

  public RespProtocolError {
    message = message.replace('\r', ' ').replace('\n', ' ');
  }

  /** {@code -ERR Protocol error: <message>}. */
  public RespValue.Error reply() {
    return new RespValue.Error("ERR Protocol error: " + message);
  }
}
