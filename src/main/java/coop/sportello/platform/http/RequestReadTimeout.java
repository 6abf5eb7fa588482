package coop.sportello.platform.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request, headers and body, must arrive whole within {@code http.requestReadTimeoutSeconds} of
 * its first byte, or its connection is closed (with a 408 problem if nothing was answered yet). The
 * idle timeout alone let a client hold a connection for ever by sending one byte every few seconds.
 *
 * <p>Two Netty handlers around the HTTP/1.x decoder share the deadline: the one before it sees the
 * first byte of a request (starting the clock), the one after it sees the request's last part
 * (stopping it). A connection that upgrades (WebSocket) leaves both behind once its upgrade request
 * is read; an HTTP/2 connection has no HTTP/1.x decoder and is left alone.
 */
final class RequestReadTimeout {

  static final String DECODER = "httpDecoder";
  private static final byte[] TIMED_OUT = timedOut();

  private final long timeoutMillis;
  /** Running while a request is being read; null between requests. All on the channel's event loop. */
  private ScheduledFuture<?> deadline;
  /** Whether any byte was written since the request began: then a 408 would corrupt that answer. */
  private boolean written;
  private boolean upgrading;
  private final Bytes bytes = new Bytes();
  private final Parts parts = new Parts();

  private RequestReadTimeout(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** Guards the HTTP/1.x connection on {@code channel} (a new connection, before its first read). */
  static void install(Channel channel, long timeoutMillis) {
    ChannelPipeline pipeline = channel.pipeline();
    if (timeoutMillis <= 0 || pipeline.get(DECODER) == null) {
      return;
    }
    RequestReadTimeout guard = new RequestReadTimeout(timeoutMillis);
    pipeline.addBefore(DECODER, "requestReadDeadline", guard.bytes);
    pipeline.addAfter(DECODER, "requestReadComplete", guard.parts);
  }

  private final class Bytes extends ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (deadline == null && msg instanceof ByteBuf buffer && buffer.isReadable()) {
        written = false;
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      written = true;
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      stop();
      ctx.fireChannelInactive();
    }
  }

  private final class Parts extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request && request.headers().contains(HttpHeaderNames.UPGRADE)) {
        upgrading = true;
      }
      if (msg instanceof LastHttpContent) {
        stop();
        if (upgrading) {
          ctx.pipeline().remove(bytes);
          ctx.pipeline().remove(this);
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  private void stop() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void expire(ChannelHandlerContext ctx) {
    deadline = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (written) {
      ctx.close();
    } else {
      // Straight to the socket, past the HTTP encoder: the decoder never produced a request to answer.
      ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMED_OUT)).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static byte[] timedOut() {
    byte[] body = new Problem(408, "request-timeout", "Richiesta troppo lenta",
        "La richiesta non è arrivata per intero in tempo.").toJson(null).encode().getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + ProblemHandler.CONTENT_TYPE
        + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }
}
