package dev.kubeward.image.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kubeward.image.ImageException;
import dev.kubeward.image.ImageException.Kind;
import dev.kubeward.image.ImageReference;
import dev.kubeward.image.RegistryCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small client for the OCI distribution API (Docker Registry v2) on {@code java.net.http}: manifests and blobs
 * only, with anonymous, basic and bearer-token authentication, a concurrency limit per registry and retries with
 * backoff on 429 and 5xx. Redirects (blob storage) are followed by hand so credentials never go to another host.
 */
public final class RegistryClient {
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient http;
  private final RegistryCredentials credentials;
  private final Set<String> insecureRegistries;
  private final int maxConcurrentPerRegistry;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();

  /** A response whose body is still to be read; close it. */
  public record Response(int status, Map<String, List<String>> headers, InputStream body, Runnable release)
      implements AutoCloseable {
    public Optional<String> header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return Optional.of(e.getValue().get(0));
        }
      }
      return Optional.empty();
    }

    @Override
    public void close() {
      try {
        body.close();
      } catch (IOException ignored) {
        // Connection is discarded.
      } finally {
        release.run();
      }
    }
  }

  public RegistryClient(RegistryCredentials credentials, Set<String> insecureRegistries, int maxConcurrentPerRegistry,
      int maxAttempts, Duration initialBackoff, Duration connectTimeout) {
    this.http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout)
        .build();
    this.credentials = credentials;
    this.insecureRegistries = Set.copyOf(insecureRegistries);
    this.maxConcurrentPerRegistry = Math.max(1, maxConcurrentPerRegistry);
    this.maxAttempts = Math.max(1, maxAttempts);
    this.initialBackoff = initialBackoff;
  }

  /** Fetches a manifest by tag or digest. */
  public Response manifest(ImageReference ref, String reference, String image) {
    return get(ref, "/manifests/" + reference, Manifests.ACCEPT, image, "");
  }

  /** Fetches a blob; the caller verifies its digest. */
  public Response blob(ImageReference ref, String digest, String image) {
    return get(ref, "/blobs/" + digest, "*/*", image, digest);
  }

  /** How many requests may be in flight to one registry at once. */
  public int maxConcurrentPerRegistry() {
    return maxConcurrentPerRegistry;
  }

  private String baseUrl(String registry) {
    String host = registry.toLowerCase(Locale.ROOT);
    boolean plain = insecureRegistries.contains(host) || host.startsWith("localhost") || host.startsWith("127.")
        || host.startsWith("[::1]");
    return (plain ? "http://" : "https://") + registry;
  }

  private Response get(ImageReference ref, String pathSuffix, String accept, String image, String layer) {
    Semaphore permit = permits.computeIfAbsent(ref.registry(), k -> new Semaphore(maxConcurrentPerRegistry, true));
    try {
      permit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(Kind.UNAVAILABLE, image, layer, "interrupted while waiting for the registry", e);
    }
    boolean handedOver = false;
    try {
      URI uri = URI.create(baseUrl(ref.registry()) + "/v2/" + ref.repository() + pathSuffix);
      String scopeKey = ref.registry() + "/" + ref.repository();
      boolean authenticated = false;
      for (int attempt = 1; ; attempt++) {
        HttpResponse<InputStream> resp = send(uri, accept, authorizations.get(scopeKey), image, layer, attempt);
        int status = resp.statusCode();
        if (status == 401 && !authenticated) {
          drainQuietly(resp);
          authorizations.put(scopeKey, authenticate(ref, resp, image, layer));
          authenticated = true;
          attempt--;
          continue;
        }
        resp = followRedirects(resp, accept, image, layer);
        status = resp.statusCode();
        if ((status == 429 || status >= 500) && attempt < maxAttempts) {
          Duration wait = backoff(attempt, resp);
          drainQuietly(resp);
          sleep(wait, image, layer);
          continue;
        }
        if (status == 200) {
          handedOver = true;
          return new Response(status, resp.headers().map(), resp.body(), permit::release);
        }
        String body = errorBody(resp);
        switch (status) {
          case 401, 403 -> throw new ImageException(Kind.UNAUTHORIZED, image, layer,
              "registry " + ref.registry() + " refused access (" + status + ")" + body
                  + (credentials.forRegistry(ref.registry()).isPresent() ? "" : "; no credentials are configured for it"));
          case 404 -> throw new ImageException(Kind.NOT_FOUND, image, layer,
              "registry " + ref.registry() + " has no " + (layer.isEmpty() ? "manifest " + pathSuffix.substring(11) : "blob")
                  + " in " + ref.repository() + body);
          default -> throw new ImageException(Kind.UNAVAILABLE, image, layer,
              "registry " + ref.registry() + " answered " + status + (attempt > 1 ? " after " + attempt + " attempts" : "") + body);
        }
      }
    } finally {
      if (!handedOver) {
        permit.release();
      }
    }
  }

  private HttpResponse<InputStream> send(URI uri, String accept, String authorization, String image, String layer,
      int attempt) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).GET().header("Accept", accept)
        .header("User-Agent", "kubeward").timeout(Duration.ofMinutes(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    for (int tries = attempt; ; tries++) {
      try {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        if (tries >= maxAttempts) {
          throw new ImageException(Kind.UNAVAILABLE, image, layer,
              "cannot reach " + uri.getHost() + ":" + uri.getPort() + " (" + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        sleep(backoff(tries, null), image, layer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageException(Kind.UNAVAILABLE, image, layer, "interrupted", e);
      }
    }
  }

  private HttpResponse<InputStream> followRedirects(HttpResponse<InputStream> resp, String accept, String image,
      String layer) {
    URI origin = resp.uri();
    for (int i = 0; i < MAX_REDIRECTS; i++) {
      int s = resp.statusCode();
      if (s != 301 && s != 302 && s != 303 && s != 307 && s != 308) {
        return resp;
      }
      Optional<String> location = resp.headers().firstValue("Location");
      drainQuietly(resp);
      if (location.isEmpty()) {
        throw new ImageException(Kind.UNAVAILABLE, image, layer, "redirect without a Location header");
      }
      URI next = resp.uri().resolve(location.get());
      // Credentials are for the registry only; storage backends get signed URLs instead.
      String auth = next.getHost() != null && next.getHost().equals(origin.getHost()) && next.getPort() == origin.getPort()
          ? resp.request().headers().firstValue("Authorization").orElse(null) : null;
      resp = send(next, accept, auth, image, layer, maxAttempts);
    }
    throw new ImageException(Kind.UNAVAILABLE, image, layer, "too many redirects");
  }

  private String authenticate(ImageReference ref, HttpResponse<InputStream> challengeResponse, String image, String layer) {
    String challenge = challengeResponse.headers().firstValue("WWW-Authenticate").orElse("");
    Optional<RegistryCredentials.Credential> cred = credentials.forRegistry(ref.registry());
    String scheme = challenge.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      if (cred.isEmpty()) {
        throw new ImageException(Kind.UNAUTHORIZED, image, layer,
            "registry " + ref.registry() + " needs credentials and none are configured for it");
      }
      return basic(cred.get());
    }
    if (!scheme.equals("bearer")) {
      throw new ImageException(Kind.UNAUTHORIZED, image, layer,
          "registry " + ref.registry() + " asks for unsupported authentication '" + scheme + "'");
    }
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PARAM.matcher(challenge);
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    String realm = params.get("realm");
    if (realm == null || realm.isBlank()) {
      throw new ImageException(Kind.UNAUTHORIZED, image, layer, "bearer challenge without a realm");
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    if (params.containsKey("service")) {
      url.append("service=").append(enc(params.get("service"))).append('&');
    }
    url.append("scope=").append(enc(params.getOrDefault("scope", "repository:" + ref.repository() + ":pull")));
    URI tokenUri = URI.create(url.toString());
    HttpRequest.Builder b = HttpRequest.newBuilder(tokenUri).GET().timeout(Duration.ofMinutes(1))
        .header("User-Agent", "kubeward");
    cred.filter(c -> !c.username().isEmpty() || !c.password().isEmpty()).ifPresent(c -> b.header("Authorization", basic(c)));
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<byte[]> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if ((resp.statusCode() == 429 || resp.statusCode() >= 500) && attempt < maxAttempts) {
          sleep(backoff(attempt, null), image, layer);
          continue;
        }
        if (resp.statusCode() != 200) {
          throw new ImageException(Kind.UNAUTHORIZED, image, layer, "token service " + tokenUri.getHost()
              + " refused " + (cred.isPresent() ? "the configured credentials" : "anonymous access") + " ("
              + resp.statusCode() + ")");
        }
        JsonNode token = Manifests.readJson(resp.body(), image, "token response");
        String t = Manifests.text(token, "token");
        if (t.isEmpty()) {
          t = Manifests.text(token, "access_token");
        }
        if (t.isEmpty()) {
          throw new ImageException(Kind.UNAUTHORIZED, image, layer, "token service returned no token");
        }
        return "Bearer " + t;
      } catch (IOException e) {
        if (attempt >= maxAttempts) {
          throw new ImageException(Kind.UNAVAILABLE, image, layer, "cannot reach token service " + tokenUri.getHost(), e);
        }
        sleep(backoff(attempt, null), image, layer);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ImageException(Kind.UNAVAILABLE, image, layer, "interrupted", e);
      }
    }
  }

  private static String basic(RegistryCredentials.Credential c) {
    return "Basic " + Base64.getEncoder().encodeToString((c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private Duration backoff(int attempt, HttpResponse<?> resp) {
    if (resp != null) {
      Optional<String> retryAfter = resp.headers().firstValue("Retry-After");
      if (retryAfter.isPresent()) {
        try {
          return Duration.ofSeconds(Math.min(30, Math.max(0, Long.parseLong(retryAfter.get().trim()))));
        } catch (NumberFormatException ignored) {
          // An HTTP date: fall back to exponential backoff.
        }
      }
    }
    long ms = initialBackoff.toMillis() * (1L << Math.min(attempt - 1, 6));
    return Duration.ofMillis(Math.min(ms, 10_000));
  }

  private static void sleep(Duration d, String image, String layer) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(Kind.UNAVAILABLE, image, layer, "interrupted", e);
    }
  }

  private static void drainQuietly(HttpResponse<InputStream> resp) {
    try (InputStream in = resp.body()) {
      in.skip(1 << 16);
    } catch (IOException ignored) {
      // Discarded anyway.
    }
  }

  private static String errorBody(HttpResponse<InputStream> resp) {
    try (InputStream in = resp.body()) {
      byte[] b = in.readNBytes(2048);
      JsonNode n = Manifests.readJson(b, "", "error");
      JsonNode first = n.path("errors").path(0);
      String code = Manifests.text(first, "code");
      String message = Manifests.text(first, "message");
      return code.isEmpty() && message.isEmpty() ? "" : ": " + code + (message.isEmpty() ? "" : " " + message);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
