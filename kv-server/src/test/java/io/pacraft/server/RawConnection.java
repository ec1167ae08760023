package io.pacraft.server;

import io.pacraft.resp.RespReplyDecoder;
import io.pacraft.resp.RespValue;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A plain {@link Socket} to a server, for tests that need to see the exact bytes and reply types on
 * the wire: writes raw bytes or RESP commands, reads replies with {@link RespReplyDecoder}.
 */
public final class RawConnection implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** {@code *N $len arg ...} for {@code args}. */
  public static byte[] command(byte[]... args) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : args) {
      b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(a);
      b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return b.toByteArray();
  }

  public static byte[] command(String... args) {
    byte[][] b = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      b[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return command(b);
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Writes {@code text} as ISO-8859-1 bytes (every char one byte). */
  public void write(String text) throws IOException {
    write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RespValue read() throws IOException {
    return RespReplyDecoder.read(in);
  }

  /** Exactly the next {@code n} bytes, as sent (to check encodings the decoder folds together). */
  public byte[] readBytes(int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new java.io.EOFException("connection closed after " + b.length + " of " + n + " bytes");
    }
    return b;
  }

  public RespValue call(String... args) throws IOException {
    write(command(args));
    return read();
  }

  public RespValue call(byte[]... args) throws IOException {
    write(command(args));
    return read();
  }

  /**
   * True when the server has closed the connection: a read sees the end of the stream (or a reset)
   * within {@code millis}; false when it stays open that long with nothing to read.
   */
  public boolean closedByServer(int millis) throws IOException {
    int old = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // connection reset
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout(old);
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
