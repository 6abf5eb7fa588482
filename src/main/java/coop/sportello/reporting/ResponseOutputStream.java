package coop.sportello.reporting;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A blocking {@link OutputStream} for a worker thread that hands what is written to an HTTP
 * response on the response's event loop, {@link #CHUNK} bytes at a time, and waits while the
 * response's write queue is full (back-pressure: a slow client slows the writer, memory stays
 * bounded). A closed connection fails the next write. Never used on an event loop.
 */
final class ResponseOutputStream extends OutputStream {

  static final int CHUNK = 64 * 1024;
  private static final long DRAIN_TIMEOUT_SECONDS = 120;

  private final Context context;
  private final HttpServerResponse response;
  private volatile boolean closed;
  private volatile CompletableFuture<Void> waiting;
  private byte[] buffer = new byte[CHUNK];
  private int used;

  ResponseOutputStream(Context context, HttpServerResponse response) {
    this.context = context;
    this.response = response;
    context.runOnContext(v -> response.closeHandler(x -> {
      closed = true;
      CompletableFuture<Void> w = waiting;
      if (w != null) {
        w.completeExceptionally(new IOException("the client went away"));
      }
    }));
  }

  @Override
  public void write(int b) throws IOException {
    if (used == buffer.length) {
      send();
    }
    buffer[used++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (used == buffer.length) {
        send();
      }
      int n = Math.min(length, buffer.length - used);
      System.arraycopy(bytes, offset, buffer, used, n);
      used += n;
      offset += n;
      length -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (used > 0) {
      send();
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  private void send() throws IOException {
    if (closed) {
      throw new IOException("the client went away");
    }
    Buffer chunk = Buffer.buffer(java.util.Arrays.copyOf(buffer, used));
    used = 0;
    CompletableFuture<Void> ready = new CompletableFuture<>();
    waiting = ready;
    context.runOnContext(v -> {
      if (closed) {
        ready.completeExceptionally(new IOException("the client went away"));
        return;
      }
      response.write(chunk);
      if (response.writeQueueFull()) {
        response.drainHandler(x -> ready.complete(null));
      } else {
        ready.complete(null);
      }
    });
    try {
      ready.get(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the client");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the client read nothing for " + DRAIN_TIMEOUT_SECONDS + " s");
    }
  }
}
