package dev.kubeward.advisories.internal.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.OptionalLong;

/**
 * Downloads one file conditionally (ETag / If-Modified-Since) into a staging path, checking that every announced
 * byte arrived. {@code file:} URLs are copied, so a mirror can be a mounted folder.
 */
public final class HttpFetcher {
  private final HttpClient client;
  private final Duration timeout;
  private final String userAgent;

  public HttpFetcher(Duration timeout, String userAgent) {
    this.timeout = timeout;
    this.userAgent = userAgent;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** What a fetch gave. */
  public enum Outcome { DOWNLOADED, NOT_MODIFIED, NOT_FOUND }

  /** The result; for {@link Outcome#DOWNLOADED} the checksum, size and validators of the new file. */
  public record Result(Outcome outcome, String sha256, long size, String etag, String lastModified) {}

  public Result fetch(URI uri, String etag, String lastModified, Path target) throws IOException, InterruptedException {
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      return copyLocal(Path.of(uri), lastModified, target);
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", userAgent).GET();
    if (etag != null && !etag.isEmpty()) {
      req.header("If-None-Match", etag);
    }
    if (lastModified != null && !lastModified.isEmpty()) {
      req.header("If-Modified-Since", lastModified);
    }
    HttpResponse<InputStream> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = resp.body()) {
      int status = resp.statusCode();
      if (status == 304) {
        return new Result(Outcome.NOT_MODIFIED, "", 0, etag, lastModified);
      }
      if (status == 404 || status == 410) {
        return new Result(Outcome.NOT_FOUND, "", 0, "", "");
      }
      if (status != 200) {
        throw new IOException(uri + ": HTTP " + status);
      }
      OptionalLong announced = resp.headers().firstValueAsLong("Content-Length");
      long[] size = {0};
      String sha;
      try (IdleWatchdog watchdog = new IdleWatchdog(body, timeout)) {
        sha = copy(watchdog.track(body), target, size);
        if (watchdog.fired()) {
          throw new IOException(uri + ": download stalled for " + timeout.toSeconds() + " s after " + size[0] + " bytes");
        }
      }
      if (announced.isPresent() && announced.getAsLong() != size[0]) {
        throw new IOException(uri + ": download ended after " + size[0] + " of " + announced.getAsLong() + " bytes");
      }
      return new Result(Outcome.DOWNLOADED, sha, size[0], resp.headers().firstValue("ETag").orElse(""),
          resp.headers().firstValue("Last-Modified").orElse(""));
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(uri.toString())) {
        throw e;
      }
      throw new IOException(uri + ": download failed: " + e.getMessage(), e);
    }
  }

  private static Result copyLocal(Path source, String lastModified, Path target) throws IOException {
    if (!Files.isRegularFile(source)) {
      return new Result(Outcome.NOT_FOUND, "", 0, "", "");
    }
    String modified = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Files.getLastModifiedTime(source).toInstant().atOffset(ZoneOffset.UTC));
    if (modified.equals(lastModified)) {
      return new Result(Outcome.NOT_MODIFIED, "", 0, "", lastModified);
    }
    long[] size = {0};
    String sha;
    try (InputStream in = Files.newInputStream(source)) {
      sha = copy(in, target, size);
    }
    return new Result(Outcome.DOWNLOADED, sha, size[0], "", modified);
  }

  /** Copies to {@code target}, returning the SHA-256 and setting {@code size[0]}. */
  static String copy(InputStream in, Path target, long[] size) throws IOException {
    MessageDigest digest = sha256();
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), digest)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        size[0] += n;
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Used for RFC 1123 dates in tests and status. */
  public static String httpDate(Instant t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
  }

  /**
   * Closes a response body when no byte arrives for the timeout: the HTTP client's own timeout covers only the
   * headers, and a server that stops sending mid-body would otherwise hold the update forever.
   */
  private static final class IdleWatchdog implements AutoCloseable {
    private final InputStream body;
    private final long idleNanos;
    private final Thread thread;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean done;
    private volatile boolean fired;

    IdleWatchdog(InputStream body, Duration timeout) {
      this.body = body;
      this.idleNanos = timeout.toNanos();
      this.thread = new Thread(this::watch, "advisory-download-watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    InputStream track(InputStream in) {
      return new java.io.FilterInputStream(in) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          lastProgress = System.nanoTime();
          return n;
        }
      };
    }

    boolean fired() {
      return fired;
    }

    private void watch() {
      while (!done) {
        try {
          Thread.sleep(Math.max(50, Math.min(1000, idleNanos / 4_000_000)));
        } catch (InterruptedException e) {
          return;
        }
        if (!done && System.nanoTime() - lastProgress > idleNanos) {
          fired = true;
          try {
            body.close();
          } catch (IOException ignored) {
            // closing is all we can do
          }
          return;
        }
      }
    }

    @Override
    public void close() {
      done = true;
      thread.interrupt();
    }
  }
}
