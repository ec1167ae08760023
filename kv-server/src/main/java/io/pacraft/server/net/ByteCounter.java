package io.pacraft.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.pacraft.server.stats.ServerStats;

/** Counts bytes in and out for INFO's total_net_input_bytes and total_net_output_bytes. */
public final class ByteCounter extends ChannelDuplexHandler {
  private final ServerStats stats;

  public ByteCounter(ServerStats stats) {
    this.stats = stats;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      stats.netInputBytes.add(b.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf b) {
      stats.netOutputBytes.add(b.readableBytes());
    }
    ctx.write(msg, promise);
  }
}
