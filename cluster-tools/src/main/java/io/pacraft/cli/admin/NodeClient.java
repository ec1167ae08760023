package io.pacraft.cli.admin;

import io.pacraft.resp.RespReplyDecoder;
import io.pacraft.resp.RespValue;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small blocking RESP client for the admin commands: one connection to one node. */
public final class NodeClient implements AutoCloseable {
  private final String address;
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public NodeClient(String address, int timeoutMillis) throws IOException {
    this.address = address;
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IOException("not host:port: " + address);
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IOException("not host:port: " + address);
    }
    socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  public String address() {
    return address;
  }

  /** Sends one command and reads its reply (an error reply is returned, not thrown). */
  public RespValue call(String... args) throws IOException {
    byte[][] b = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      b[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return call(b);
  }

  public RespValue call(byte[]... args) throws IOException {
    StringBuilder head = new StringBuilder();
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    buf.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : args) {
      buf.write(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.write(a);
      buf.write('\r');
      buf.write('\n');
    }
    out.write(buf.toByteArray());
    out.flush();
    head.setLength(0);
    return RespReplyDecoder.read(in);
  }

  /** A command whose reply must not be an error; returns it as text (bulk or status). */
  public String text(String... args) throws IOException {
    RespValue v = call(args);
    if (v instanceof RespValue.Error e) {
      throw new IOException(address + ": " + String.join(" ", args) + ": " + e.message());
    }
    if (v instanceof RespValue.Bulk b) {
      return b.utf8();
    }
    if (v instanceof RespValue.Simple s) {
      return s.text();
    }
    if (v instanceof RespValue.Null) {
      return null;
    }
    throw new IOException(address + ": unexpected reply " + v);
  }

  /** An INFO-style "field:value" text as a map. */
  public static Map<String, String> fields(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    if (text == null) {
      return m;
    }
    for (String line : text.split("\r?\n")) {
      int c = line.indexOf(':');
      if (c > 0 && !line.startsWith("#")) {
        m.put(line.substring(0, c), line.substring(c + 1).trim());
      }
    }
    return m;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
