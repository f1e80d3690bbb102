package dev.kubeward.cli.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kubeward.cli.ExitCodes;
import dev.kubeward.cli.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --server} and {@code --token} of the commands that act on a running server through its REST API, and the
 * one request each of them sends. The token comes from the option or {@code KUBEWARD_TOKEN}, never from a file the
 * command would have to keep.
 */
public final class ServerApiOptions {
  @Option(names = "--server", required = true, paramLabel = "URL",
      description = "The Kubeward server, e.g. https://kubeward.example.com.")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "An API token (default: environment variable KUBEWARD_TOKEN).")
  String token;

  /**
   * The server's answer.
   *
   * @param json the body parsed, or null when it is empty or not JSON
   */
  record Answer(int status, String body, JsonNode json) {
    /** The problem's detail, or the HTTP status. */
    String detail() {
      return json != null && json.hasNonNull("detail") ? json.get("detail").asText() : "HTTP " + status;
    }

    /** Wrong token, role or cluster is the caller's to fix (usage); anything else is the server's. */
    int refusalExitCode() {
      return status == 401 || status == 403 || status == 404 ? ExitCodes.USAGE : ExitCodes.INTERNAL;
    }
  }

  /** The server as given, for messages that show the user a command to run next. */
  String server() {
    return server;
  }

  /**
   * Sends {@code method} to {@code path} (relative to the server, no leading slash) with the token.
   *
   * @param role the role the action needs, named when the token is missing
   * @return the answer, or null when the server cannot be reached (said on {@code err})
   * @throws UserInputException without a token, or when {@code --server} is not an http(s) URL
   */
  Answer send(String method, String path, String role, PrintWriter err) throws InterruptedException {
    String secret = token != null ? token : System.getenv("KUBEWARD_TOKEN");
    if (secret == null || secret.isBlank()) {
      throw new UserInputException("no token: pass --token or set KUBEWARD_TOKEN (an API token with " + role + ")");
    }
    URI base;
    try {
      base = URI.create(server.endsWith("/") ? server : server + "/");
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--server is not a URL: " + server);
    }
    if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
      throw new UserInputException("--server must be an http or https URL");
    }
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + secret.strip()).header("Accept", "application/json")
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      err.println("kubeward: cannot reach " + base + ": " + e.getMessage());
      return null;
    }
    JsonNode json;
    try {
      json = response.body().isEmpty() ? null : new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      json = null;
    }
    return new Answer(response.statusCode(), response.body(), json);
  }

  /** A path segment, escaped. */
  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
