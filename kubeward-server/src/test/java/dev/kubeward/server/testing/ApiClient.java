package dev.kubeward.server.testing;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a {@link TestServer} over real HTTP: anonymously, with a bearer token, or with a browser-like session
 * (cookies plus the CSRF double-submit header, as the dashboard does).
 */
public final class ApiClient {
  public static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final HttpClient http;
  private final CookieManager cookies;
  private final String bearer;
  private boolean sendCsrf = true;

  private ApiClient(String base, CookieManager cookies, String bearer) {
    this.base = base;
    this.cookies = cookies;
    this.bearer = bearer;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER);
    if (cookies != null) {
      b.cookieHandler(cookies);
    }
    this.http = b.build();
  }

  public static ApiClient anonymous(String base) {
    return new ApiClient(base, new CookieManager(), null);
  }

  public static ApiClient token(String base, String secret) {
    return new ApiClient(base, null, secret);
  }

  /**
   * Signs in like the login page does.
   *
   * @throws AssertionError when the sign-in is refused
   */
  public static ApiClient session(String base, String username, String password) {
    ApiClient c = new ApiClient(base, new CookieManager(), null);
    Response r = c.login(username, password);
    if (r.status() != 200) {
      throw new AssertionError("sign-in as " + username + " failed: " + r);
    }
    return c;
  }

  /** Posts the login form with the CSRF header; returns the raw response. */
  public Response login(String username, String password) {
    send("GET", "/login", null, null);
    String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return send("POST", "/login", form, "application/x-www-form-urlencoded");
  }

  /**
   * The same browser talking to another server (a replica behind a load balancer): cookies, and so the session and
   * the CSRF token, are shared; cookies are not bound to a port.
   */
  public ApiClient at(String otherBase) {
    ApiClient c = new ApiClient(otherBase, cookies, bearer);
    c.sendCsrf = sendCsrf;
    return c;
  }

  /** A copy of this session client that leaves out the CSRF header, to prove the server demands it. */
  public ApiClient withoutCsrf() {
    ApiClient c = new ApiClient(base, cookies, bearer);
    c.sendCsrf = false;
    return c;
  }

  public Response get(String path) {
    return send("GET", path, null, null);
  }

  public Response delete(String path) {
    return send("DELETE", path, null, null);
  }

  public Response post(String path, Object body) {
    return send("POST", path, json(body), "application/json");
  }

  public Response put(String path, Object body) {
    return send("PUT", path, json(body), "application/json");
  }

  public Response patch(String path, Object body) {
    return send("PATCH", path, json(body), "application/json");
  }

  /** Sends raw text with a content type of the caller's choosing (malformed-input tests). */
  public Response sendRaw(String method, String path, String body, String contentType) {
    return send(method, path, body, contentType);
  }

  private static String json(Object body) {
    return body instanceof String s ? s : JSON.writeValueAsString(body);
  }

  private Response send(String method, String path, String body, String contentType) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
          .header("Accept", "application/json");
      if (bearer != null) {
        b.header("Authorization", "Bearer " + bearer);
      }
      if (cookies != null && sendCsrf && !method.equals("GET")) {
        cookies.getCookieStore().getCookies().stream().filter(k -> k.getName().equals("XSRF-TOKEN")).findFirst()
            .map(HttpCookie::getValue).ifPresent(v -> b.header("X-XSRF-TOKEN", v));
      }
      if (contentType != null) {
        b.header("Content-Type", contentType);
      }
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(", ", v)));
      return new Response(r.statusCode(), headers, r.body());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  /** A response: status, lower-case headers, body text. */
  public record Response(int status, Map<String, String> headers, String body) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase());
    }

    /** The problem's {@code detail}, for error responses. */
    public String detail() {
      return json().path("detail").asString();
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
