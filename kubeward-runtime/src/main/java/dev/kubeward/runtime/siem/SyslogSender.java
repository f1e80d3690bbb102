package dev.kubeward.runtime.siem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends syslog messages over TCP or TLS (RFC 5425) with octet-counting framing (RFC 6587), keeping one connection
 * open and reconnecting when the receiver has gone away: before each message it checks whether the peer closed the
 * connection, and a failed write is retried once on a fresh connection. Failures surface as retryable
 * {@link DeliveryException}s for the outbox to retry later. Thread-safe.
 */
public final class SyslogSender implements AutoCloseable {
  private final Destination destination;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private long connects;

  /**
   * Where to send.
   *
   * @param host receiver host
   * @param port receiver port (514 for TCP, 6514 for TLS by convention)
   * @param tls whether to use TLS
   * @param sslContext the TLS context (trust store for the receiver's certificate), or null for the JVM default
   * @param connectTimeout how long to wait for a connection
   */
  public record Destination(String host, int port, boolean tls, SSLContext sslContext, Duration connectTimeout) {
    public Destination {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1-65535, not " + port);
      }
      connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }
  }

  public SyslogSender(Destination destination) {
    this.destination = Objects.requireNonNull(destination, "destination");
  }

  /**
   * Sends one message (without framing; this adds it).
   *
   * @throws DeliveryException (retryable) when neither the open connection nor a fresh one accepts it
   */
  public synchronized void send(String message) throws DeliveryException {
    byte[] frame = SyslogFormatter.octetCounted(message);
    IOException last = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        if (socket != null && peerClosed()) {
          disconnect();
        }
        if (socket == null) {
          connect();
        }
        out.write(frame);
        out.flush();
        return;
      } catch (javax.net.ssl.SSLHandshakeException e) {
        // Not a receiver that is down: retrying will not help until its certificate or the configured CA changes.
        disconnect();
        throw new DeliveryException("TLS handshake with syslog receiver " + destination.host() + ":"
            + destination.port() + " failed: its certificate is not trusted (does not chain to the configured CA or"
            + " does not name " + destination.host() + "): " + e.getMessage(), true, e);
      } catch (IOException e) {
        last = e;
        disconnect();
      }
    }
    throw new DeliveryException("syslog receiver " + destination.host() + ":" + destination.port() + " unavailable: "
        + last.getMessage(), true, last);
  }

  /** Connections opened so far (for health and tests). */
  public synchronized long connects() {
    return connects;
  }

  @Override
  public synchronized void close() {
    disconnect();
  }

  private void connect() throws IOException {
    Socket s;
    if (destination.tls()) {
      SSLContext ctx = destination.sslContext();
      try {
        ctx = ctx != null ? ctx : SSLContext.getDefault();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IOException("no TLS available", e);
      }
      s = ctx.getSocketFactory().createSocket();
    } else {
      s = new Socket();
    }
    try {
      s.setKeepAlive(true);
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(destination.host(), destination.port()),
          (int) destination.connectTimeout().toMillis());
      if (s instanceof SSLSocket ssl) {
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        ssl.setSoTimeout((int) destination.connectTimeout().toMillis());
        ssl.startHandshake();
      }
      socket = s;
      out = s.getOutputStream();
      in = s.getInputStream();
      connects++;
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // The connection failed already; nothing more to release.
      }
      throw e;
    }
  }

  /** Syslog receivers never send: end of stream (or an error) on a 1 ms read means the peer closed. */
  private boolean peerClosed() {
    try {
      socket.setSoTimeout(1);
      return in.read() == -1;
    } catch (SocketTimeoutException alive) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing a broken connection may fail; it is dropped either way.
      }
    }
    socket = null;
    out = null;
    in = null;
  }
}
