package io.pacraft.resp;

import io.netty.handler.codec.DecoderException;

/** Bytes that are not RESP, met by {@link RespReplyDecoder}. */
public final class RespProtocolException extends DecoderException {

  public RespProtocolException(String message) {
    super(message);
  }
}
