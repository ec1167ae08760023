package io.pacraft.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.resp.RespEncoder;
import io.pacraft.resp.RespProtocolError;
import io.pacraft.resp.RespRequest;
import io.pacraft.resp.RespValue;
import io.pacraft.server.Node;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.Deferred;
import io.pacraft.server.command.Replies;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: hands each decoded request to the dispatcher and writes the replies in
 * request order, however many are in flight and in whatever order they complete. Replies are
 * encoded into one buffer and flushed once per read batch (or once per batch of completions), so a
 * pipeline of N requests costs one write system call, not N.
 */
public final class ClientHandler extends ChannelInboundHandlerAdapter implements ClientSession.Connection {
  private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

  private final Node node;
  private final RequestDispatcher dispatcher;
  private ChannelHandlerContext ctx;
  private ClientSession session;
  private int protocol = 2;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  /** Replies encoded and not yet sent: {@link #scratch} while it holds any, else null. */
  private ByteBuf out;
  /**
   * Where replies are encoded: a heap buffer kept from one send to the next, so that encoding is
   * array copies into a buffer that has already grown to this connection's pipeline. What it holds
   * is copied into one pooled direct buffer to be sent. (Encoding straight into pooled direct
   * buffers cost a native copy per element and a reallocation each time one grew: a third of
   * LRANGE's CPU.)
   */
  private ByteBuf scratch;

  /**
   * A reply buffer larger than this is dropped after its send rather than kept for the connection's
   * life: redis-server keeps 16 KiB per client too. (A pipeline of 16 LRANGE_100 replies fits.)
   */
  private static final int KEEP_SCRATCH = 16 * 1024;
  private boolean closing;
  private boolean inRead;
  /** A task that sends the replies ready so far is queued on the event loop (see {@link #complete}). */
  private boolean flushQueued;

  private final Runnable deferredFlush = this::flushQueuedReplies;
  private final List<Consumer<ClientSession>> closeHooks = new ArrayList<>(0);

  public ClientHandler(Node node, RequestDispatcher dispatcher) {
    this.node = node;
    this.dispatcher = dispatcher;
  }

  /** One reply slot in request order. */
  private static final class Pending {
    RespValue value;
    boolean done;
    boolean close;
    /** The protocol when the command ran: a later HELLO does not change how this reply is written. */
    int protocol;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    session =
        new ClientSession(
            node.clients().nextId(),
            node,
            (InetSocketAddress) ctx.channel().remoteAddress(),
            (InetSocketAddress) ctx.channel().localAddress(),
            this);
    if (node.clients().size() >= node.config().getLong("maxclients")) {
      node.clients().countRejected();
      closing = true;
      encode(RespValue.error("ERR max number of clients reached"));
      flush();
      ctx.close();
      return;
    }
    node.clients().add(session);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (session != null) {
      node.clients().remove(session);
      for (Consumer<ClientSession> hook : closeHooks) {
        try {
          hook.accept(session);
        } catch (RuntimeException e) {
          log.warn("close hook failed", e);
        }
      }
    }
    out = null;
    scratch = null;
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing || session.closingAfterReply()) {
      return; // after QUIT (or CLIENT KILL of itself) nothing more runs, as in Redis
    }
    if (!inRead) {
      session.interacted(System.currentTimeMillis()); // the first request of this read
    }
    session.requestRead(!inRead);
    inRead = true;
    if (msg instanceof RespRequest request) {
      Object result;
      try {
        result = dispatcher.dispatch(session, request.args());
      } catch (CommandError e) {
        result = e.reply();
      }
      reply(result, session.closingAfterReply());
    } else if (msg instanceof RespProtocolError error) {
      // Redis answers the protocol error after every reply already due, then closes.
      reply(error.reply(), true);
    } else {
      log.warn("unexpected message {}", msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inRead = false;
    flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // Stop reading requests while the client does not read its replies (Redis' output limits).
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof java.io.IOException) {
      log.debug("client {}: {}", session == null ? "?" : session.addr(), cause.toString());
    } else {
      log.warn("client {} failed", session == null ? "?" : session.addr(), cause);
    }
    ctx.close();
  }

  /** Queues the reply to the current request: a RespValue, several ({@link Replies}), or a {@link Deferred} one. */
  private void reply(Object result, boolean closeAfter) {
    if (result instanceof Replies several) {
      List<RespValue> values = several.values();
      for (int i = 0; i < values.size(); i++) {
        reply(values.get(i), closeAfter && i == values.size() - 1);
      }
      return;
    }
    if (result instanceof RespValue value && pending.isEmpty()) {
      encode(value);
      if (closeAfter) {
        closeNow();
      }
      return;
    }
    Pending p = new Pending();
    p.close = closeAfter;
    p.protocol = protocol;
    pending.add(p);
    if (result instanceof RespValue value) {
      p.value = value;
      p.done = true;
      drain();
    } else if (result instanceof Deferred d) {
      d.stage().whenComplete(
          (v, t) -> {
            Object reply;
            Throwable failure = null;
            try {
              reply = d.settle().apply(v, t);
            } catch (RuntimeException | Error e) {
              reply = null;
              failure = e;
            }
            completeOnLoop(p, reply, failure);
          });
    } else {
      throw new IllegalStateException("command returned " + result);
    }
  }

  private void completeOnLoop(Pending p, Object v, Throwable t) {
    if (ctx.executor().inEventLoop()) {
      complete(p, v, t);
    } else {
      ctx.executor().execute(() -> complete(p, v, t));
    }
  }

  private void complete(Pending p, Object v, Throwable t) {
    if (t != null) {
      Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      if (cause instanceof IndeterminateException) {
        // The write may or may not happen; an error reply would claim it did not. Close instead.
        p.close = true;
        p.value = null;
      } else if (cause instanceof CommandError ce) {
        p.value = ce.reply();
      } else {
        p.value = node.errorReply(cause);
      }
    } else {
      p.value = (RespValue) v;
    }
    p.done = true;
    drain();
    if (!inRead && out != null) {
      if (pending.isEmpty()) {
        flush();
      } else if (!flushQueued) {
        // More replies of this pipeline are on their way (a batch the applier completes one by one,
        // each in its own task): send what is ready after the tasks already queued, so that one
        // write carries many replies instead of one write each.
        flushQueued = true;
        ctx.executor().execute(deferredFlush);
      }
    }
  }

  private void flushQueuedReplies() {
    flushQueued = false;
    if (!inRead) {
      flush();
    }
  }

  private void drain() {
    Pending p;
    while ((p = pending.peek()) != null && p.done) {
      pending.poll();
      if (p.value != null) {
        encode(p.value, p.protocol);
      }
      if (p.close) {
        closeNow();
        return;
      }
    }
  }

  private void encode(RespValue value) {
    encode(value, protocol);
  }

  private void encode(RespValue value, int protocol) {
    if (closing && !ctx.channel().isActive()) {
      return;
    }
    if (out == null) {
      if (scratch == null) {
        scratch = io.netty.buffer.Unpooled.buffer(4096);
      }
      out = scratch;
    }
    RespEncoder.encode(value, protocol, out);
    if (out.readableBytes() >= 64 * 1024) {
      flush();
    }
  }

  private void flush() {
    if (out != null) {
      ctx.writeAndFlush(take(), ctx.voidPromise());
    }
  }

  /** What {@link #out} holds, in a buffer of its own to be sent; {@link #out} is empty after. */
  private ByteBuf take() {
    ByteBuf b = ctx.alloc().directBuffer(out.readableBytes());
    b.writeBytes(out);
    out = null;
    if (scratch.capacity() > KEEP_SCRATCH) {
      scratch = null; // one large reply: not kept for the connection's life
    } else {
      scratch.clear();
    }
    return b;
  }

  private void closeNow() {
    closing = true;
    pending.clear();
    if (out != null) {
      ctx.writeAndFlush(take()).addListener(f -> ctx.close());
    } else {
      ctx.close();
    }
  }

  // ---------------------------------------------------------------- ClientSession.Connection

  @Override
  public void protocolChanged(int p) {
    this.protocol = p;
  }

  @Override
  public void kill() {
    execute(
        () -> {
          closing = true;
          ctx.close();
        });
  }

  @Override
  public void push(RespValue message) {
    execute(
        () -> {
          if (!closing) {
            encode(message);
            if (!inRead) {
              flush();
            }
          }
        });
  }

  @Override
  public void execute(Runnable task) {
    if (ctx.executor().inEventLoop()) {
      task.run();
    } else {
      ctx.executor().execute(task);
    }
  }

  @Override
  public int pendingReplies() {
    return pending.size();
  }

  @Override
  public long outputBytes() {
    ByteBuf b = out;
    io.netty.channel.ChannelOutboundBuffer ob = ctx.channel().unsafe().outboundBuffer();
    return (b == null ? 0 : b.readableBytes()) + (ob == null ? 0 : ob.totalPendingWriteBytes());
  }

  @Override
  public void onClose(Consumer<ClientSession> hook) {
    closeHooks.add(hook);
  }
}
