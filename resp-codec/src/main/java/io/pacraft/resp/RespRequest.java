package io.pacraft.resp;

import java.nio.charset.StandardCharsets;

/** One decoded client request: the command name and its arguments as raw bytes. */
public final class RespRequest {
  private final byte[][] args;
  private final boolean inline;

  public RespRequest(byte[][] args, boolean inline) {
    this.args = args;
    this.inline = inline;
  }

  /** argv[0] is the command name. Never empty. */
  public byte[][] args() {
    return args;
  }

  public int argc() {
    return args.length;
  }

  public byte[] arg(int i) {
    return args[i];
  }

  /** True when it came as an inline command (a line of words), false for a RESP array. */
  public boolean inline() {
    return inline;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("RespRequest[");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(new String(args[i], StandardCharsets.UTF_8));
    }
    return sb.append(']').toString();
  }
}
